import { useState } from 'react';
import { HomePage } from './pages/HomePage';
import { JoinPage } from './pages/JoinPage';
import { RoomPage } from './pages/RoomPage';
import { loadSession } from './session';
import { Notices } from './ui/Notices';

function roomIdOf(path: string): string | null {
  const m = /^\/r\/([^/]+)\/?$/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
}

function RoomRoute({ roomId }: { roomId: string }) {
  const [, setJoined] = useState(0);
  const invite = new URLSearchParams(location.search).get('invite');
  const session = loadSession(roomId);
  if (!session || invite) {
    return <JoinPage roomId={roomId} invite={invite} existing={session} onJoined={() => setJoined((n) => n + 1)} />;
  }
  return <RoomPage key={session.token} roomId={roomId} />;
}

export function App() {
  const roomId = roomIdOf(location.pathname);
  return (
    <>
      {roomId ? <RoomRoute roomId={roomId} /> : <HomePage />}
      <Notices />
    </>
  );
}
