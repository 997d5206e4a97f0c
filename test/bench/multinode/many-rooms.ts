import { createRoom, joinRoom, type LadderProcess } from '../../support/server';
import { mapPool } from '../../support/clients';
import { runLoad } from '../bigroom/load';
import { cpuPerDeliveryUs } from '../confine';
import type { Table } from '../report';
import { fig, summarise } from '../stats';
import { cpuSeconds, peakRssMiB } from '../sync/proc';
import { startCluster } from './target';

// Many rooms over a cluster: the load of an organisation rather than of one big event — 100 rooms of 10 people, one
// edit a second in every room and one cursor moving in each at 5 Hz; one node beside three, each node at the same
// allowance. Two placements of the clients on three nodes: spread (client i on node i mod n, as a round-robin balancer
// places them: every node holds a part of every room) and by room (room r on node r mod n, as a balancer that hashes
// the room's path places them: docs/operations.md, "Behind a load balancer").

export type Placement = 'spread' | 'by room';

export interface ManyRoomsOptions {
  rooms: number;
  perRoom: number;
  /** Setups to measure: node count and how clients are placed on the nodes. */
  setups: readonly { nodes: number; placement: Placement }[];
  /** Edits a second over all rooms. */
  editsPerSecond: number;
  seconds: number;
  /** CPUs of each node's allowance. */
  cpus: number;
  workers: number;
  log: (line: string) => void;
}

export function manyRoomsSettings(quick: boolean): Pick<ManyRoomsOptions, 'rooms' | 'perRoom' | 'setups' | 'editsPerSecond' | 'seconds'> {
  return quick
    ? { rooms: 10, perRoom: 5, setups: [{ nodes: 3, placement: 'by room' }], editsPerSecond: 10, seconds: 4 }
    : { rooms: 100, perRoom: 10, setups: [{ nodes: 1, placement: 'by room' }, { nodes: 3, placement: 'spread' }, { nodes: 3, placement: 'by room' }], editsPerSecond: 100, seconds: 20 };
}

/** Each client's node: client i on node i mod n (spread), or every client of room r on node r mod n (by room). */
export function nodeOfClients(clients: number, perRoom: number, nodes: number, placement: Placement): number[] {
  return Array.from({ length: clients }, (_, i) => (placement === 'spread' ? i : Math.floor(i / perRoom)) % nodes);
}

const PRESENCE_HZ = 5;

/**
 * CPUs of each node's allowance in the many-rooms run (`BENCH_MANY_ROOMS_CPUS`, default 0.5): at half a core one node
 * is past what it holds at this load, so the table shows what the other two add.
 */
export function manyRoomsCpus(): number {
  const value = Number(process.env.BENCH_MANY_ROOMS_CPUS ?? '0.5');
  return Number.isFinite(value) && value > 0 ? value : 0.5;
}

/** Creates `rooms` rooms and joins `perRoom` people to each, the joins spread over the nodes; client order is room order. */
async function openRooms(nodes: readonly LadderProcess[], rooms: number, perRoom: number, nodeOf: readonly number[]): Promise<{ roomIds: string[]; tokens: string[] }> {
  const first = nodes[0] as LadderProcess;
  const created = await mapPool(Array.from({ length: rooms }, (_, r) => r), 8, (r) => createRoom(first.url, `Team room ${r + 1}`));
  const seats = Array.from({ length: rooms * perRoom }, (_, i) => i);
  const tokens = await mapPool(seats, 20, async (i) => {
    const room = created[Math.floor(i / perRoom)] as (typeof created)[number];
    const node = nodes[nodeOf[i] as number] as LadderProcess;
    return (await joinRoom(node.url, room.roomId, room.invites.product, `Person ${i + 1}`)).token;
  });
  return { roomIds: seats.map((i) => (created[Math.floor(i / perRoom)] as (typeof created)[number]).roomId), tokens };
}

async function measure(nodes: number, placement: Placement, o: ManyRoomsOptions): Promise<Record<string, string | number>> {
  const setup = nodes === 1 ? '1 node (PostgreSQL + Redis)' : `${nodes} nodes (PostgreSQL + Redis), clients placed ${placement === 'spread' ? 'round-robin' : 'by room'}`;
  const cluster = await startCluster(nodes, o.cpus);
  try {
    const nodeOfClient = nodeOfClients(o.rooms * o.perRoom, o.perRoom, nodes, placement);
    const { roomIds, tokens } = await openRooms(cluster.nodes, o.rooms, o.perRoom, nodeOfClient);
    const pids = cluster.pids ?? [cluster.pid];
    const cpuOf = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const cpu0 = cpuOf();
    const run = await runLoad({
      wsUrl: `${(cluster.nodes[0] as LadderProcess).wsUrl}/sync`, wsUrls: cluster.nodes.map((n) => `${n.wsUrl}/sync`), roomId: roomIds[0] as string, roomIds, perRoom: o.perRoom, nodeOfClient,
      editsPerSecond: o.editsPerSecond, editors: 0, moving: 1 / o.perRoom, presenceHz: PRESENCE_HZ, seconds: o.seconds, churnRooms: null,
    }, tokens, o.workers);
    const cpu = cpuOf() - cpu0;
    const r = run.report;
    const lat = summarise(r.latencies);
    const expected = r.edits * (o.perRoom - 1);
    const hz = r.presenceFrames.map((f) => f / o.seconds).sort((a, b) => a - b);
    return {
      setup, rooms: o.rooms, 'people per room': o.perRoom, connected: r.connected, 'edits/s': o.editsPerSecond, edits: r.edits,
      'edit p50 ms': fig(lat.p50), 'edit p99 ms': fig(lat.p99), 'max ms': fig(lat.max),
      'delivered %': fig(expected === 0 ? NaN : Math.min(100, (lat.count / expected) * 100)),
      'presence Hz min': fig(hz[0] ?? NaN), 'presence Hz p50': fig(hz[Math.floor(hz.length / 2)] ?? NaN),
      'server CPU % (all nodes)': fig((cpu / o.seconds) * 100),
      'server CPU µs/delivery': fig(cpuPerDeliveryUs(cpu, lat.count) ?? NaN),
      'peak RSS MiB (largest node)': fig(Math.max(...pids.map(peakRssMiB))),
      'busiest load process CPU %': fig((r.busiestCpu / o.seconds) * 100),
      load: run.split,
      confined: cluster.confinement ?? 'none',
    };
  } catch (error) {
    o.log(`many rooms: ${setup} failed: ${(error as Error).message}`);
    return { setup, rooms: o.rooms, error: (error as Error).message.split('\n')[0] ?? 'failed' };
  } finally {
    await cluster.stop().catch((error: unknown) => o.log(`many rooms: cleaning up: ${(error as Error).message}`));
  }
}

/** The many-rooms table: one row per node count. */
export async function benchManyRooms(o: ManyRoomsOptions): Promise<Table> {
  const rows: Record<string, string | number>[] = [];
  for (const { nodes, placement } of o.setups) {
    o.log(`many rooms: ${o.rooms} rooms of ${o.perRoom} over ${nodes} node(s) (${placement}), ${o.editsPerSecond} edits/s, ${o.seconds} s, ${o.cpus} CPU per node`);
    rows.push(await measure(nodes, placement, o));
  }
  return {
    name: `Many rooms: ${o.rooms} rooms of ${o.perRoom} people, ${o.editsPerSecond} edits/s in all (one editor per room), one cursor per room moving at ${PRESENCE_HZ} Hz, ${o.seconds} s; each node held to ${o.cpus} CPU`,
    rows,
  };
}
