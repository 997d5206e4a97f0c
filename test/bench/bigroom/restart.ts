import { join } from 'node:path';
import { spawnLadder } from '../../support/server';
import { confine, type Confinement } from '../confine';
import { describeSplit, splitClients } from '../load/split';
import { serverCpus } from '../sync/targets';
import { fig } from '../stats';
import { rssMiB } from '../sync/proc';
import { forkTsx, ladderRoom } from './load';
import type { RestartPlan } from './plan';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const restartWorker = join(import.meta.dirname, 'restart-worker.ts');

/** SIGTERM under `clients` connected stock clients, restart on the same port: time until all are back and synced. */
export async function restartRun(clients: number, workers: number): Promise<Record<string, string | number>> {
  let server = await spawnLadder({ env: { LOG_LEVEL: 'warn' } });
  // Each server is held to its allowance from the moment it listens (its start before that is not).
  let allowance: Confinement = confine(server.child.pid as number, { cpus: serverCpus(), name: 'restart' });
  const { dataDir, port } = server;
  const { roomId, tokens } = await ladderRoom(server, clients);
  const ranges = splitClients(clients, workers);
  const synced = new Array<number>(ranges.length).fill(0);
  const children = ranges.map((range, w) => {
    const child = forkTsx(restartWorker);
    child.on('message', (m) => { synced[w] = (m as { synced: number }).synced; });
    child.send({ wsUrl: `${server.wsUrl}/sync`, roomId, tokens: tokens.slice(range.from, range.to) } satisfies RestartPlan);
    return child;
  });
  const total = () => synced.reduce((s, n) => s + n, 0);
  const waitAll = async (limitMs: number) => {
    const deadline = Date.now() + limitMs;
    while (total() < clients && Date.now() < deadline) await sleep(20);
    return total();
  };
  try {
    if ((await waitAll(120_000)) < clients) throw new Error(`only ${total()} of ${clients} clients synced before the restart`);
    const stopAt = performance.now();
    await server.stop();
    allowance.release();
    await waitAll(0);
    const dropped = clients - total();
    server = await spawnLadder({ env: { LOG_LEVEL: 'warn' }, dataDir, port });
    allowance = confine(server.child.pid as number, { cpus: serverCpus(), name: 'restart' });
    const upAt = performance.now();
    const back = await waitAll(120_000);
    const doneAt = performance.now();
    const pid = server.child.pid as number;
    return {
      clients, 'dropped by 1012': dropped, 'back and synced': back, 'server down ms': fig(upAt - stopAt),
      'all synced after restart ms': fig(doneAt - upAt), 'total ms': fig(doneAt - stopAt), 'server RSS MiB': fig(rssMiB(pid)),
      load: describeSplit(ranges), confined: allowance.label,
    };
  } finally {
    for (const child of children) child.kill();
    await server.stop();
    allowance.release();
    server.cleanup();
  }
}
