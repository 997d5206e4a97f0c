import { featuresMap, readMeta, updateFeature } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { connectClient, wire, type BenchClient } from '../sync/client';
import { sleep } from '../sync/wait';
import { sharedClock } from './clock';
import type { FromWorker, ToWorker } from './messages';
import { clientLatencies, hasReceived, lastEdits, recordReceived, type ReceivedRanges } from './observe';

// A load process: holds a contiguous share of a room's clients, makes the edits the coordinator assigns to them,
// records what each client observes (feature, stamp, time on the shared clock) and turns it into latencies when
// the coordinator hands over the phase's edit log. Started by pool.ts with `node --import tsx`.

const send = (message: FromWorker) => process.send?.(message);

interface Held { index: number; client: BenchClient; received: ReceivedRanges }

let held: Held[] = [];
const byIndex = new Map<number, Held>();
let clock: () => number = () => NaN;
let cpuAtMeasure = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

/** Records the clock ranges every remote transaction brought (see observe.ts). */
function observe(entry: Held): void {
  entry.client.doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!transaction.local) recordReceived(entry.received, transaction.beforeState, transaction.afterState, clock());
  });
}

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  clock = sharedClock(message.base);
  const features = message.features;
  const batch = 25;
  for (let start = message.range.from; start < message.range.to; start += batch) {
    const group: Held[] = [];
    for (let index = start; index < Math.min(message.range.to, start + batch); index++) {
      const doc = new Y.Doc();
      if (message.seedState) Y.applyUpdate(doc, message.seedState);
      group.push({ index, client: connectClient(message.spec, index, doc), received: new Map() });
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
  send({ type: 'sent', index: message.index, stamp, yClient: doc.clientID, clock: Y.getState(doc.store, doc.clientID) - 1 });
}

async function settle(message: Extract<ToWorker, { type: 'settle' }>): Promise<void> {
  const finals = lastEdits(message.edits);
  // A client has everything once it has received the last edit of every sending document.
  const missing = (h: Held) => finals.filter((e) => !hasReceived(h.received, e, h.index)).length;
  const until = performance.now() + message.waitMs;
  while (held.some((h) => missing(h) > 0) && performance.now() < until) await sleep(50);
  const behind = held.filter((h) => missing(h) > 0);
  if (behind.length > 0) {
    console.error(`[bench] load process: ${behind.length} of ${held.length} clients (${behind.slice(0, 5).map((h) => h.index).join(', ')}${behind.length > 5 ? ', …' : ''}) still miss edits ${message.waitMs / 1000} s after the last edit`);
  }
  const used = process.cpuUsage(cpuAtMeasure);
  loopDelay.disable();
  const samples: number[] = [];
  let deliveries = 0;
  for (const h of held) deliveries += clientLatencies(h.received, message.edits, h.index, samples);
  send({ type: 'report', report: { clients: held.length, samples: Float64Array.from(samples), deliveries, wireBytes: wire.bytes, cpuSeconds: (used.user + used.system) / 1e6, loopDelayP99: loopDelay.percentile(99) / 1e6 } });
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
      case 'reset': for (const h of held) h.received.clear(); break;
      case 'edit': edit(message); break;
      case 'measure': wire.bytes = 0; cpuAtMeasure = process.cpuUsage(); loopDelay.reset(); loopDelay.enable(); break;
      case 'settle': settle(message).catch(fail); break;
      case 'close': close(); break;
    }
  } catch (error) {
    fail(error);
  }
});
