import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy to `target` that a test can cut (every connection dropped, new ones refused) and restore on the same port. */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const make = (): Server => createServer((client) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (server: Server, port: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  const shut = (server: Server) => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
  let server: Server | null = make();
  const port = await listen(server, 0);
  return {
    port,
    async cut() {
      if (!server) return;
      const closing = server;
      server = null;
      await shut(closing);
    },
    async restore() {
      if (server) return;
      server = make();
      await listen(server, port);
    },
    async close() {
      if (server) await shut(server);
      server = null;
    },
  };
}
