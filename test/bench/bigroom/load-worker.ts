import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { createFeature, featuresMap, updateFeature } from '@ladder/board-doc';
import { createRoom, joinRoom } from '../../support/server';
import { sharedClock } from '../load/clock';
import { frame, PRESENCE_HZ, type LoadMessage, type LoadPlan, type WorkerReport } from './plan';

// A big-room load process (started by load.ts): raw y-websocket clients for a share of the room. Each sends
// presence at the client's throttled rate while its cursor moves; the first `editors` clients edit. Edit
// latency is read from the stamp in each created feature's title, on the shared clock.

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const send = (message: LoadMessage, then: () => void = () => undefined) => process.send?.(message, then);

async function runWorker(plan: LoadPlan): Promise<WorkerReport> {
  const now = sharedClock(plan.base);
  const n = plan.tokens.length;
  const report: WorkerReport = { latencies: [], edits: 0, presenceFrames: new Array<number>(n).fill(0), presenceEntries: new Array<number>(n).fill(0), connected: 0, closed: 0, cpu: 0, busiestCpu: 0 };
  const sockets: WebSocket[] = [];
  let measuring = false;
  const step1 = frame(0, (e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc())); });
  for (let i = 0; i < n; i++) {
    const token = plan.tokens[i];
    const base = plan.wsUrls && plan.wsUrls.length > 0 ? plan.wsUrls[(plan.nodeOfClient?.[i] ?? plan.offset + i) % plan.wsUrls.length] as string : plan.wsUrl;
    const ws = new WebSocket(`${base}/${plan.roomIds?.[i] ?? plan.roomId}${token ? `?token=${token}` : ''}`, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.on('error', () => {});
    ws.on('close', () => { report.closed++; });
    ws.on('open', () => { report.connected++; ws.send(step1); });
    ws.on('message', (data: Buffer) => {
      if (!measuring) return;
      if (data[0] === 1) {
        report.presenceFrames[i] = (report.presenceFrames[i] ?? 0) + 1;
        // [1, length, count, …]: the entry count follows the payload length.
        let pos = 1;
        while ((data[pos] as number) & 0x80) pos++;
        let count = 0;
        for (let shift = 0, b = 0x80; b & 0x80; shift += 7) { b = data[++pos] as number; count += (b & 0x7f) * 2 ** shift; }
        report.presenceEntries[i] = (report.presenceEntries[i] ?? 0) + count;
      } else if (data[0] === 0 && data[1] === 2) {
        const t = now();
        for (let at = data.indexOf('E#'); at >= 0; at = data.indexOf('E#', at + 2)) {
          const end = data.indexOf('#', at + 2);
          if (end > at) report.latencies.push(t - Number(data.toString('latin1', at + 2, end)));
        }
      }
    });
    sockets.push(ws);
    if (i % 50 === 49) await sleep(100);
  }
  const deadline = Date.now() + 120_000;
  while (report.connected < n && Date.now() < deadline) await sleep(100);
  const clientIds = sockets.map((_, i) => 1_000_000 + plan.offset + i);
  const clocks = new Array<number>(n).fill(0);
  const sendPresence = (i: number, state: unknown) => {
    const ws = sockets[i] as WebSocket;
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(frame(1, (e) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, clientIds[i] as number);
      encoding.writeVarUint(inner, ++(clocks[i] as number));
      encoding.writeVarString(inner, JSON.stringify(state));
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    }));
  };
  const user = (i: number) => ({ name: `Client ${plan.offset + i}`, color: '#3e63dd' });
  // Every client says who it is once connected, as the web client does; only the moving ones send cursors after.
  for (let i = 0; i < n; i++) {
    sendPresence(i, { user: user(i) });
    if (i % 50 === 49) await sleep(20);
  }
  await sleep(1000);
  measuring = true;
  send({ type: 'measuring' });
  const cpuAtStart = process.cpuUsage();
  const docs = new Map<number, Y.Doc>();
  let edits = 0;
  // One room: its first `editors` clients edit. Many rooms: the first client of each room edits.
  const editing = plan.roomIds
    ? Array.from({ length: n }, (_, i) => i).filter((i) => i === 0 || plan.roomIds?.[i] !== plan.roomIds?.[i - 1])
    : Array.from({ length: Math.min(plan.editors, n) }, (_, i) => i);
  const editors = editing.length;
  const editEvery = editors > 0 ? 1000 / plan.editsPerSecond : Infinity;
  const started = Date.now();
  const timers: NodeJS.Timeout[] = [];
  // Presence: a moving client sends its cursor at the plan's rate; which clients move rotates every 2 s.
  timers.push(setInterval(() => {
    const slot = Math.floor((Date.now() - started) / 2000);
    for (let i = 0; i < n; i++) {
      const moves = plan.perRoom ? (plan.offset + i) % plan.perRoom === slot % plan.perRoom : (((plan.offset + i) * 7919 + slot * 104_729) % 1000) / 1000 < plan.moving;
      if (!moves) continue;
      sendPresence(i, { user: user(i), presence: { cursor: { x: Math.round(Math.random() * 2000), y: Math.round(Math.random() * 1000), type: 'default', rotation: 0 } } });
    }
  }, 1000 / (plan.presenceHz ?? PRESENCE_HZ)));
  // Edits start once every load process is measuring (the coordinator says so) and stop 2 s before the end, so each
  // one sent can reach every client while it is counted.
  const editsUntil = started + Math.max(1000, plan.seconds * 1000 - 2000);
  if (editors > 0) {
    await startEdits;
    timers.push(setInterval(() => {
      if (Date.now() > editsUntil) return;
      const who = editing[edits % editors] as number;
      const ws = sockets[who] as WebSocket;
      edits++;
      if (ws.readyState !== WebSocket.OPEN) return;
      report.edits++;
      let doc = docs.get(who);
      if (!doc) docs.set(who, (doc = new Y.Doc()));
      let update: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => { update = u; });
      // Each editor creates one feature, then edits its title: the room's document keeps its size over a long run (a
      // new feature per edit would grow it by thousands in the soak, and the server's memory with it).
      const id = `B-${plan.offset + who}`;
      const title = `E#${now().toFixed(3)}#`;
      if (featuresMap(doc).has(id)) updateFeature(doc, id, { title }, { participantId: 'bench', now: Date.now() });
      else createFeature(doc, { id, title, team: 'Atlas' }, { participantId: 'bench', now: Date.now() });
      const u = update as Uint8Array | null;
      if (u) ws.send(frame(0, (e) => { encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, u); }));
    }, editEvery));
  }
  if (plan.churnRooms) void churn(plan.churnRooms, plan.wsUrl, plan.seconds);
  await sleep(plan.seconds * 1000);
  measuring = false;
  const used = process.cpuUsage(cpuAtStart);
  report.cpu = (used.user + used.system) / 1e6;
  report.busiestCpu = report.cpu;
  for (const t of timers) clearInterval(t);
  for (const ws of sockets) ws.terminate();
  return report;
}

/** Opens and closes `count` rooms over the run: create, join, connect, leave. */
async function churn(options: { httpUrl: string; count: number }, wsUrl: string, seconds: number): Promise<void> {
  const gap = (seconds * 1000 * 0.9) / options.count;
  for (let i = 0; i < options.count; i++) {
    const started = Date.now();
    try {
      const room = await createRoom(options.httpUrl, `Churn ${i}`);
      const person = await joinRoom(options.httpUrl, room.roomId, room.invites.product, 'Churn');
      const ws = new WebSocket(`${wsUrl}/${room.roomId}?token=${person.token}`);
      ws.on('error', () => {});
      await new Promise<void>((resolve) => { ws.once('open', () => resolve()); ws.once('close', () => resolve()); });
      ws.close();
    } catch (error) {
      console.error(`[bigroom] churn room ${i}: ${(error as Error).message}`);
    }
    await sleep(Math.max(0, gap - (Date.now() - started)));
  }
}

/** Resolves when the coordinator says every load process is measuring (only the editing process waits for it). */
let editsMayStart: () => void = () => undefined;
const startEdits = new Promise<void>((resolve) => { editsMayStart = resolve; });
process.on('message', (m) => { if ((m as { type?: string }).type === 'edit') editsMayStart(); });

process.on('disconnect', () => process.exit(0));
process.once('message', (plan) => {
  if ((plan as { type?: string }).type === 'edit') return;
  void runWorker(plan as LoadPlan).then((report) => send({ type: 'report', report }, () => process.exit(0)));
});
