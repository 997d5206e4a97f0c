import * as Y from 'yjs';
import { canvasArray, createFeature, deleteFeature, featuresMap, readFeature, updateFeature } from '@ladder/board-doc';
import { COMPONENTS, DEFAULT_SCALE } from '@ladder/wsjf';
import type { Rng } from '@ladder/testing';

// A long PI planning day as the clients' updates: a hundred people on one board of ~200 features, editing
// estimates and titles and dragging cards. Each yielded update is one client transaction, encoded exactly as that
// client's Yjs document would send it (its own client id; a person who reloads the page gets a new one).

export interface DayUpdate {
  participantId: string;
  update: Uint8Array;
  /** The generating document right after this update (read it before asking for the next one). */
  doc: Y.Doc;
}

export interface DayOptions {
  /** The room's document as the server created it (its first stored update). */
  initial: Uint8Array;
  people: readonly string[];
  updates: number;
  features: number;
  rng: Rng;
  /** Start of the day (ms epoch) for `createdAt`/`updatedAt`; each update advances it by `stepMs`. */
  start: number;
  stepMs: number;
  /** Called with the document after the last update (before it is destroyed). */
  done?: (doc: Y.Doc) => void;
}

const CARD_TYPE = 'feature-card';
const TITLE_WORDS = ['checkout', 'search', 'onboarding', 'billing', 'SSO', 'audit log', 'export', 'mobile', 'reporting', 'API v2', 'offline mode', 'dark mode'];

/** A tldraw shape record of a feature card, as the web client writes it into `canvas`. */
function cardRecord(featureId: string, index: number, x: number, y: number): Record<string, unknown> {
  return {
    id: `shape:card-${featureId}`, typeName: 'shape', type: CARD_TYPE, x, y, rotation: 0, index: `a${index.toString(36)}`,
    parentId: 'page:page', isLocked: false, opacity: 1, meta: {}, props: { featureId },
  };
}

/**
 * The canvas entries, written the way y-utility's YKeyValue writes them: setting a record deletes its old entry and
 * pushes the new one. The keys are mirrored in array order, so an entry is found without walking the array.
 */
class Canvas {
  readonly #keys: string[];

  constructor(private readonly array: Y.Array<{ key: string; val: unknown }>) {
    this.#keys = array.toArray().map((entry) => entry.key);
  }

  set(key: string, val: unknown): void {
    this.array.doc?.transact(() => {
      this.delete(key);
      this.array.push([{ key, val }]);
      this.#keys.push(key);
    });
  }

  delete(key: string): void {
    const index = this.#keys.lastIndexOf(key);
    if (index < 0) return;
    this.array.delete(index, 1);
    this.#keys.splice(index, 1);
  }
}

/** The day's updates, one client transaction each, in the order the server stores them. */
export function* plannedDay(options: DayOptions): Generator<DayUpdate> {
  const { rng, people } = options;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, options.initial);
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const canvas = new Canvas(canvasArray(doc));
  const clientOf = new Map<string, number>();
  const usedClients = new Set<number>([doc.clientID]);
  const newClient = () => {
    let id: number;
    do id = rng.int(1, 2 ** 31 - 1); while (usedClients.has(id));
    usedClients.add(id);
    return id;
  };
  const positions = new Map<string, { x: number; y: number; index: number }>();
  let cards = 0;
  let made = 0;
  let featureNo = 0;
  let now = options.start;

  while (made < options.updates) {
    const person = rng.pick(people);
    // A page reload now and then: the person's next changes come from a new Yjs client.
    if (!clientOf.has(person) || rng.chance(1 / 200)) clientOf.set(person, newClient());
    doc.clientID = clientOf.get(person) as number;
    const ctx = () => ({ participantId: person, now });
    const ids = [...featuresMap(doc).keys()];
    const steps: (() => void)[] = [];
    const roll = rng.next();
    if (ids.length < options.features && (ids.length < 3 || roll < 0.3)) {
      steps.push(() => doc.transact(() => {
        const feature = createFeature(doc, {
          id: `F-${++featureNo}`, title: `${rng.pick(TITLE_WORDS)} ${rng.pick(TITLE_WORDS)}`, team: `Team ${rng.int(1, 12)}`,
          userBusinessValue: rng.pick(DEFAULT_SCALE), timeCriticality: rng.pick(DEFAULT_SCALE),
          riskReduction: rng.pick(DEFAULT_SCALE), jobSize: rng.pick(DEFAULT_SCALE),
        }, ctx());
        const place = { x: (cards % 20) * 300, y: Math.floor(cards / 20) * 240, index: ++cards };
        positions.set(feature.id, place);
        canvas.set(`shape:card-${feature.id}`, cardRecord(feature.id, place.index, place.x, place.y));
      }));
    } else if (roll < 0.003) {
      const id = rng.pick(ids);
      steps.push(() => doc.transact(() => {
        deleteFeature(doc, id);
        canvas.delete(`shape:card-${id}`);
        positions.delete(id);
      }));
    } else if (roll < 0.65) {
      // An estimate: one component to another value on the scale.
      const id = rng.pick(ids);
      const field = rng.pick(COMPONENTS);
      const current = (readFeature(doc, id) as Record<string, unknown> | null)?.[field];
      steps.push(() => updateFeature(doc, id, { [field]: rng.pick(DEFAULT_SCALE.filter((v) => v !== current)) }, ctx()));
    } else if (roll < 0.85) {
      // A title typed in a few bursts.
      const id = rng.pick(ids);
      const title = `${rng.pick(TITLE_WORDS)} ${rng.pick(TITLE_WORDS)} ${rng.pick(TITLE_WORDS)}`;
      const bursts = rng.int(1, 4);
      for (let b = 1; b <= bursts; b++) {
        steps.push(() => updateFeature(doc, id, { title: title.slice(0, Math.ceil((title.length * b) / bursts)) }, ctx()));
      }
    } else {
      // A card dragged across the canvas: one update per frame the client flushes.
      const id = rng.pick(ids);
      const from = positions.get(id) ?? { x: 0, y: 0, index: ++cards };
      const to = { x: from.x + rng.int(-600, 600), y: from.y + rng.int(-400, 400), index: from.index };
      const frames = rng.int(3, 8);
      for (let f = 1; f <= frames; f++) {
        const x = Math.round(from.x + ((to.x - from.x) * f) / frames);
        const y = Math.round(from.y + ((to.y - from.y) * f) / frames);
        steps.push(() => canvas.set(`shape:card-${id}`, cardRecord(id, from.index, x, y)));
      }
      positions.set(id, to);
    }
    for (const step of steps) {
      if (made >= options.updates) break;
      step();
      now += options.stepMs;
      if (pending.length === 0) continue;
      const update = pending.length === 1 ? (pending[0] as Uint8Array) : Y.mergeUpdates(pending);
      pending.length = 0;
      made++;
      yield { participantId: person, update, doc };
    }
  }
  options.done?.(doc);
  doc.destroy();
}
