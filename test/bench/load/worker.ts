import { featuresMap, readMeta, updateFeature } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import * as Y from 'yjs';
import { connectClient, wire, type BenchClient } from '../sync/client';
import { sleep } from '../sync/wait';
import { sharedClock } from './clock';
import type { FromWorker, ToWorker } from './messages';
import { clientLatencies, EditLog } from './observe';

// A load process: holds a contiguous share of a room's clients, makes the edits the coordinator assigns to them,
// records what each client observes (feature, stamp, time on the shared clock) and turns it into latencies when
// the coordinator hands over the phase's edit log. Started by pool.ts with `node --import tsx`.

const send = (message: FromWorker) => process.send?.(message);

interface Held { index: number; client: BenchClient; observations: number[] }

let held: Held[] = [];
const byIndex = new Map<number, Held>();
let clock: () => number = () => NaN;
let features = 0;
let cpuAtMeasure = process.cpuUsage();

function featureNumber(id: unknown): number {
  return typeof id === 'string' && id.startsWith('F-') ? Number(id.slice(2)) : -1;
}

function observe(entry: Held): void {
  featuresMap(entry.client.doc).observeDeep((events, transaction) => {
    if (transaction.local) return;
    const now = clock();
    for (const event of events) {
      if (!(event instanceof Y.YMapEvent) || !event.keysChanged.has('updatedAt')) continue;
      const map = event.target as Y.Map<unknown>;
      const stamp = map.get('updatedAt');
      const feature = featureNumber(map.get('id'));
      if (typeof stamp === 'number' && feature >= 0 && feature < features) entry.observations.push(feature, stamp, now);
    }
  });
}

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  clock = sharedClock(message.base);
  features = message.features;
  const batch = 25;
  for (let start = message.range.from; start < message.range.to; start += batch) {
    const group: Held[] = [];
    for (let index = start; index < Math.min(message.range.to, start + batch); index++) {
      const doc = new Y.Doc();
      if (message.seedState) Y.applyUpdate(doc, message.seedState);
      group.push({ index, client: connectClient(message.spec, index, doc), observations: [] });
    }
    held.push(...group);
    await Promise.all(group.map((h) => h.client.synced));
  }
  while (!held.every((h) => featuresMap(h.client.doc).size >= features)) await sleep(50);
  for (const h of held) { byIndex.set(h.index, h); observe(h); }
  send({ type: 'ready' });
}

function edit(message: Extract<ToWorker, { type: 'edit' }>): void {
  const entry = byIndex.get(message.sender);
  if (!entry) throw new Error(`client ${message.sender} is not held by this load process`);
  const doc = entry.client.doc;
  const id = `F-${message.feature}`;
  const component = COMPONENTS[message.component] as (typeof COMPONENTS)[number];
  const scale = readMeta(doc).scale;
  const current = featuresMap(doc).get(id)?.get(component);
  let value = scale[Math.floor(message.pick * scale.length)] as number;
  if (value === current) value = scale[(scale.indexOf(value) + 1) % scale.length] as number;
  const stamp = clock();
  updateFeature(doc, id, { [component]: value }, { participantId: 'bench', now: stamp });
  send({ type: 'sent', index: message.index, stamp });
}

async function settle(message: Extract<ToWorker, { type: 'settle' }>): Promise<void> {
  const log = new EditLog(features, message.edits);
  const final = log.finalStamps();
  const complete = () => held.every((h) => {
    const map = featuresMap(h.client.doc);
    for (const [feature, stamp] of final) if (map.get(`F-${feature}`)?.get('updatedAt') !== stamp) return false;
    return true;
  });
  const until = performance.now() + message.waitMs;
  while (!complete() && performance.now() < until) await sleep(20);
  const used = process.cpuUsage(cpuAtMeasure);
  const samples: number[] = [];
  let deliveries = 0;
  for (const h of held) deliveries += clientLatencies(h.observations, log, h.index, samples);
  send({ type: 'report', report: { clients: held.length, samples: Float64Array.from(samples), deliveries, wireBytes: wire.bytes, cpuSeconds: (used.user + used.system) / 1e6 } });
}

function close(): void {
  for (const h of held) h.client.destroy();
  held = [];
  setTimeout(() => process.exit(0), 100);
}

process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const message = raw as ToWorker;
  const fail = (error: unknown) => send({ type: 'error', message: (error as Error).message ?? String(error) });
  try {
    switch (message.type) {
      case 'init': init(message).catch(fail); break;
      case 'reset': for (const h of held) h.observations.length = 0; break;
      case 'edit': edit(message); break;
      case 'measure': wire.bytes = 0; cpuAtMeasure = process.cpuUsage(); break;
      case 'settle': settle(message).catch(fail); break;
      case 'close': close(); break;
    }
  } catch (error) {
    fail(error);
  }
});
