import { runLoad } from '../bigroom/load';
import { cpuPerDeliveryUs } from '../confine';
import { fig, summarise } from '../stats';
import { cpuSeconds } from '../sync/proc';
import { startTarget, SERVER_LABELS, type ServerName } from '../sync/targets';
import { BUDGET_MS, held, ratioText, searchCapacity, type StepResult } from './search';

// Capacity side by side: every server held to the same CPU allowance (a quarter of a core by default), the largest
// number of clients in one room, and the highest edit rate, at which edit p99 stays under 100 ms with everything
// delivered, with 5 % of the clients moving their cursors at 5 Hz. Ladder's capacity over each peer's is printed.
// Hocuspocus speaks its own protocol, which the big-room load processes do not: it is left out here (it is in the
// latency tables).

export interface CapacityOptions {
  quick: boolean;
  workers: number;
  servers: readonly ServerName[];
  /** CPUs of each server's allowance (`BENCH_CAPACITY_CPUS`, default 0.25). */
  cpus: number;
  log: (line: string) => void;
}

import type { Table } from '../report';

/** What the capacity tables mean, for the run's notes. */
export const CAPACITY_NOTE = 'Capacity: steps are tried in increasing order until one does not hold; "≥" means the largest step tried held. Hocuspocus is left out of the capacity search: the big-room load processes speak the y-websocket protocol only.';

const MOVING = 0.05;
const PRESENCE_HZ = 5;

export function capacityCpus(): number {
  const value = Number(process.env.BENCH_CAPACITY_CPUS ?? '0.25');
  return Number.isFinite(value) && value > 0 ? value : 0.25;
}

/** A step's result with how it ran: the server's confinement, and how busy the busiest load process was (near 100 %,
 * the load generator and not the server set the figures). */
type Measured = StepResult & { confined: string; loadCpuPercent: number };

/** One run: a fresh server, a room of `clients`, `rate` edits a second from 20 editors, cursors moving. */
async function measureStep(server: ServerName, clients: number, rate: number, step: number, o: CapacityOptions): Promise<Measured> {
  const target = await startTarget(server, o.cpus);
  try {
    const room = await target.openRoom(clients);
    const spec = room.spec;
    const seconds = o.quick ? 3 : 6;
    const pid = target.pid;
    const cpu0 = cpuSeconds(pid);
    const run = await runLoad({
      wsUrl: spec.urls[0] as string, roomId: spec.room, editsPerSecond: rate, editors: Math.min(20, clients), moving: MOVING, presenceHz: PRESENCE_HZ,
      seconds, churnRooms: null,
    }, spec.tokens ?? new Array<null>(clients).fill(null), o.workers);
    const cpu = cpuSeconds(pid) - cpu0;
    const r = run.report;
    const expected = r.edits * (clients - 1);
    const hz = r.presenceFrames.map((f) => f / seconds);
    return {
      step, clients, p99: summarise(r.latencies).p99, delivered: expected === 0 ? 0 : Math.min(1, r.latencies.length / expected),
      connected: r.connected, presenceHzMin: hz.length ? Math.min(...hz) : null, cpuUsPerDelivery: cpuPerDeliveryUs(cpu, r.latencies.length),
      confined: target.confinement ?? 'none', loadCpuPercent: (r.busiestCpu / seconds) * 100,
    };
  } finally {
    await target.stop();
  }
}

/** One run on a cluster of `nodes` Ladder nodes (PostgreSQL + Redis), each node held to the allowance. */
export async function measureCluster(nodes: number, clients: number, o: CapacityOptions): Promise<Measured> {
  const { startCluster } = await import('../multinode/target');
  const cluster = await startCluster(nodes, o.cpus);
  try {
    const room = await cluster.openRoom(clients);
    const spec = room.spec;
    const seconds = o.quick ? 3 : 6;
    const pids = cluster.pids ?? [cluster.pid];
    const cpuOf = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const cpu0 = cpuOf();
    const run = await runLoad({
      wsUrl: spec.urls[0] as string, wsUrls: [...spec.urls], roomId: spec.room, editsPerSecond: 20, editors: Math.min(20, clients), moving: MOVING,
      presenceHz: PRESENCE_HZ, seconds, churnRooms: null,
    }, spec.tokens ?? new Array<null>(clients).fill(null), o.workers);
    const cpu = cpuOf() - cpu0;
    const r = run.report;
    const expected = r.edits * (clients - 1);
    const hz = r.presenceFrames.map((f) => f / seconds);
    return {
      step: clients, clients, p99: summarise(r.latencies).p99, delivered: expected === 0 ? 0 : Math.min(1, r.latencies.length / expected),
      connected: r.connected, presenceHzMin: hz.length ? Math.min(...hz) : null, cpuUsPerDelivery: cpuPerDeliveryUs(cpu, r.latencies.length),
      confined: cluster.confinement ?? 'none', loadCpuPercent: (r.busiestCpu / seconds) * 100,
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * Scale-out that adds capacity: one room spread over 1, 2 and 3 Ladder nodes (client i on node i mod n), each node at
 * the same allowance; the largest room each holds, and how many times one node's that is (the target: 3 nodes ≥ 2.5×).
 */
export async function benchScaleOutCapacity(o: CapacityOptions): Promise<Table[]> {
  // Steps fine enough that 2.5× of any one-node capacity lies on one (400 → 1,000).
  const steps = o.quick ? [10] : [100, 200, 300, 400, 600, 800, 1000, 1200, 1600];
  const tried: Record<string, string | number>[] = [];
  const found: { nodes: number; capacity: number | null; top: boolean }[] = [];
  for (const nodes of o.quick ? [1, 2] : [1, 2, 3]) {
    // More nodes start from the room one node held (the steps below it are not tried again).
    const base = found[0]?.capacity ?? null;
    const from = nodes > 1 && base !== null ? steps.filter((s) => s >= base) : steps;
    o.log(`scale-out capacity: ${nodes} node${nodes === 1 ? '' : 's'}, clients in one room (${from.join(', ')}), ${o.cpus} CPU per node`);
    const search = await searchCapacity(from, async (n) => {
      const r = await measureCluster(nodes, n, o);
      tried.push({ nodes, ...row('ladder', 'clients (20 edits/s)', r) });
      return r;
    });
    found.push({ nodes, capacity: search.capacity, top: search.top });
  }
  const one = found[0];
  const summary = found.map((f) => ({
    nodes: f.nodes,
    'clients in one room': f.capacity === null ? 'none held' : `${f.top ? '≥ ' : ''}${f.capacity}`,
    '× one node': f.nodes === 1 || !one ? '–' : ratioText({ capacity: f.capacity, top: f.top }, { capacity: one.capacity, top: one.top }, steps[0] as number),
  }));
  return [
    { name: `Scale-out capacity: one room over 1–3 Ladder nodes (PostgreSQL + Redis), each node held to ${o.cpus} CPU; the largest room with edit p99 < ${BUDGET_MS} ms and everything delivered, 20 edits/s, ${MOVING * 100} % of cursors moving at ${PRESENCE_HZ} Hz; more nodes searched from the room one node held up (target: 3 nodes ≥ 2.5× one)`, rows: summary },
    { name: 'Scale-out capacity: every step tried', rows: tried },
  ];
}

const row = (server: ServerName, what: string, r: Measured) => ({
  server, search: what, step: r.step, clients: r.clients, 'p99 ms': fig(r.p99), 'delivered %': fig(r.delivered * 100),
  'presence Hz min': r.presenceHzMin === null ? '–' : fig(r.presenceHzMin), 'server CPU µs/delivery': r.cpuUsPerDelivery === null ? '–' : fig(r.cpuUsPerDelivery),
  [`held (p99 < ${BUDGET_MS} ms, all delivered)`]: held(r) ? 'yes' : 'no',
  'busiest load process CPU %': fig(r.loadCpuPercent), confined: r.confined,
});

/** The capacity tables: every step tried, then the capacities side by side with Ladder's ratio to each peer. */
export async function benchCapacityTables(o: CapacityOptions): Promise<Table[]> {
  // A quick run checks the search end to end on one small step each, with Ladder and the reference only.
  const servers = o.servers.filter((s) => s !== 'hocuspocus' && (!o.quick || s === 'ladder' || s === 'y-websocket'));
  const clientSteps = o.quick ? [10] : [50, 100, 200, 400, 800, 1600];
  const rateClients = o.quick ? 10 : 100;
  const rateSteps = o.quick ? [20] : [20, 50, 100, 200, 400, 800];
  const steps: Record<string, string | number>[] = [];
  const found = new Map<ServerName, { clients: { capacity: number | null; top: boolean }; rate: { capacity: number | null; top: boolean } }>();
  for (const server of servers) {
    o.log(`capacity: ${server}, clients in one room (${clientSteps.join(', ')}), ${o.cpus} CPU`);
    const clients = await searchCapacity(clientSteps, async (n) => {
      const r = await measureStep(server, n, 20, n, o);
      steps.push(row(server, 'clients (20 edits/s)', r));
      return r;
    });
    o.log(`capacity: ${server}, edit rate with ${rateClients} clients (${rateSteps.join(', ')}/s)`);
    const rate = await searchCapacity(rateSteps, async (perSecond) => {
      const r = await measureStep(server, rateClients, perSecond, perSecond, o);
      steps.push(row(server, `edits/s (${rateClients} clients)`, r));
      return r;
    });
    found.set(server, { clients, rate });
  }
  const ladder = found.get('ladder');
  const summary = servers.map((server) => {
    const f = found.get(server) as { clients: { capacity: number | null; top: boolean }; rate: { capacity: number | null; top: boolean } };
    const say = (c: { capacity: number | null; top: boolean }) => (c.capacity === null ? 'none held' : `${c.top ? '≥ ' : ''}${c.capacity}`);
    return {
      server: SERVER_LABELS[server] ?? server,
      'clients in one room': say(f.clients),
      'edits/s': say(f.rate),
      'Ladder ÷ this, clients': server === 'ladder' || !ladder ? '–' : ratioText(ladder.clients, f.clients, clientSteps[0] as number),
      'Ladder ÷ this, edits/s': server === 'ladder' || !ladder ? '–' : ratioText(ladder.rate, f.rate, rateSteps[0] as number),
    };
  });
  const allowance = `${o.cpus} CPU each`;
  return [
    { name: `Capacity: each server held to ${allowance}; the largest room and the highest edit rate with edit p99 < ${BUDGET_MS} ms, everything delivered, ${MOVING * 100} % of the clients moving cursors at ${PRESENCE_HZ} Hz`, rows: summary},
    { name: 'Capacity: every step tried', rows: steps },
  ];
}
