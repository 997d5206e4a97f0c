import { featuresMap, updateFeature } from '@ladder/board-doc';
import { COMPONENTS, DEFAULT_SCALE } from '@ladder/wsjf';
import * as Y from 'yjs';
import { fig, percentile, seededRandom } from '../stats';
import type { BenchClient } from './client';
import { seedFeatures } from './session';
import { startTarget, type ServerName, type Target } from './targets';
import { sleep, waitUntil } from './wait';

export interface JoinOptions {
  servers: readonly ServerName[];
  features: number;
  updates: number;
  writers: number;
  /** Updates per second per writer (Ladder allows 200 a second per connection). */
  writerRate: number;
  joins: number;
  seed: number;
  log: (line: string) => void;
}

type Row = Record<string, string | number>;

/** Writes the history: `updates` estimate edits spread over the writers, each writer paced at `writerRate`. */
async function writeHistory(writers: BenchClient[], options: JoinOptions, deadline: number): Promise<void> {
  const random = seededRandom(options.seed);
  const perTick = Math.max(1, Math.round((options.writerRate * 20) / 1000));
  let written = 0;
  while (written < options.updates) {
    for (const writer of writers) {
      for (let k = 0; k < perTick && written < options.updates; k++, written++) {
        const id = `F-${Math.floor(random() * options.features)}`;
        const component = COMPONENTS[written % COMPONENTS.length] as (typeof COMPONENTS)[number];
        const current = featuresMap(writer.doc).get(id)?.get(component);
        let value = DEFAULT_SCALE[Math.floor(random() * DEFAULT_SCALE.length)] as number;
        if (value === current) value = DEFAULT_SCALE[(DEFAULT_SCALE.indexOf(value) + 1) % DEFAULT_SCALE.length] as number;
        updateFeature(writer.doc, id, { [component]: value });
      }
    }
    if (performance.now() > deadline) throw new Error('Writing the history took longer than 240 s: the server did not keep up.');
    await sleep(20);
  }
}

const stateVector = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64');

async function joinOn(target: Target, options: JoinOptions): Promise<Row> {
  const deadline = performance.now() + 240_000;
  const room = await target.openRoom(options.writers + options.joins);
  const writers: BenchClient[] = [];
  try {
    for (let i = 0; i < options.writers; i++) writers.push(room.connect(i));
    await Promise.all(writers.map((w) => w.synced));
    const first = writers[0] as BenchClient;
    seedFeatures(first.doc, options.features, 'bench-seeder');
    // The relay keeps no document: hand the features to the other writers directly.
    if (!target.keepsDocument) for (const w of writers.slice(1)) Y.applyUpdate(w.doc, Y.encodeStateAsUpdate(first.doc));
    await waitUntil(() => writers.every((w) => featuresMap(w.doc).size >= options.features), deadline, 'the features at every writer');
    const writeStart = performance.now();
    await writeHistory(writers, options, deadline);
    // Every writer holds the same state once the server has relayed all updates.
    await waitUntil(() => new Set(writers.map((w) => stateVector(w.doc))).size === 1, deadline, 'the writers to converge');
    const writeSeconds = (performance.now() - writeStart) / 1000;
    const times: number[] = [];
    let seen = 0;
    for (let j = 0; j < options.joins; j++) {
      const start = performance.now();
      const client = room.connect(options.writers + j);
      try {
        await Promise.race([client.synced, sleep(60_000).then(() => { throw new Error('A new client did not sync within 60 s.'); })]);
        if (target.keepsDocument) await waitUntil(() => featuresMap(client.doc).size >= options.features, deadline, 'the features at the new client');
        times.push(performance.now() - start);
        seen = featuresMap(client.doc).size;
      } finally {
        client.destroy();
      }
      await sleep(200);
    }
    times.sort((a, b) => a - b);
    return {
      server: target.name,
      features: options.features,
      'history updates': options.updates,
      'join p50 ms': fig(percentile(times, 50)),
      'join max ms': fig(times.at(-1) ?? NaN),
      joins: times.length,
      'features received': seen,
      'history written s': fig(writeSeconds),
    };
  } finally {
    for (const w of writers) w.destroy();
  }
}

/** Time for a new client to join a room with a long history and be synced, per server. */
export async function joinRows(options: JoinOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const server of options.servers) {
    options.log(`join: ${server}, ${options.features} features, ${options.updates} updates of history`);
    let target: Target | null = null;
    try {
      target = await startTarget(server);
      rows.push({ ...(await joinOn(target, options)), confined: target.confinement ?? 'none' });
    } catch (error) {
      rows.push({ server, error: (error as Error).message.split('\n')[0] ?? 'failed' });
      options.log(`join: ${server} failed: ${(error as Error).message}`);
    } finally {
      await target?.stop();
    }
  }
  return rows;
}
