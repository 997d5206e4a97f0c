import * as Y from 'yjs';
import {
  featuresMap, PI_ROOTS, piProblem, planContextOf, planProblem, PLAN_ROOTS, replacePlanEntry, toPlain, VALUE_FIELDS, VALUE_ROLES, type PiRoot, type PlanRoot,
} from '@ladder/board-doc';
import type { DecideContext, Plugin } from '../plugins';
import { revertedNotice } from '../safety/guard';
import { summarise } from '../safety/rules';
import type { HistoryEvent } from '../storage/types';

// The ART planning board and the PI's objectives and risks, decided in the commit (CONTRACT.md, "Planning" and "PI
// objectives, risks, confidence"): a placement into an iteration that does not exist, a dependency on an unknown feature
// or on itself, an entry of the wrong shape, a change of the iterations, teams or milestones by anyone but the
// facilitator, or of an objective's business value by anyone but a Business Owner (facilitator, portfolio) is changed
// back in the transaction that made it — nobody else ever sees it — and recorded as `reverted`; every accepted change
// of an entry is recorded as `planned` (who, from → to).

type Plain = Record<string, unknown>;
type Root = PlanRoot | PiRoot;
const ROOTS: readonly Root[] = [...PLAN_ROOTS, ...PI_ROOTS];
const isPlanRoot = (root: Root): root is PlanRoot => (PLAN_ROOTS as readonly string[]).includes(root);
const rootMap = (doc: Y.Doc, root: Root) => doc.getMap<unknown>(root);

/** Why an entry cannot stand, whoever wrote it. */
function problemOf(root: Root, key: string, entry: unknown, context: ReturnType<typeof planContextOf>): string | null {
  return isPlanRoot(root) ? planProblem(root, key, entry, context) : piProblem(root, key, entry);
}

/** Why this author may not make this change (a role's limits), or null. */
function roleProblem(root: Root, role: string | null, before: Plain | undefined, now: unknown): string | null {
  if (FACILITATOR_ROOTS.has(root) && role !== 'facilitator') return `Only the facilitator sets the plan's ${root}.`;
  if (root === 'objectives' && !(VALUE_ROLES as readonly (string | null)[]).includes(role)) {
    const after = (typeof now === 'object' && now !== null ? now : {}) as Plain;
    for (const field of VALUE_FIELDS) {
      if (JSON.stringify(before?.[field] ?? null) !== JSON.stringify(after[field] ?? null)) return 'Only the Business Owners (facilitator, portfolio) set an objective\'s business value.';
    }
  }
  return null;
}

/** Entries only the facilitator sets: the PI's frame. Placements and dependencies are any writer's. */
const FACILITATOR_ROOTS: ReadonlySet<Root> = new Set(['iterations', 'teams', 'milestones']);

/** The last accepted state of the plan in one document: what a refused change is put back to. */
interface Copy {
  entries: Record<Root, Map<string, Plain>>;
  /** Feature id → its `iteration` (features without one are absent). */
  placed: Map<string, string>;
  stop(): void;
}

const plainEntry = (value: unknown): Plain | null => (value instanceof Y.Map ? toPlain(value) as Plain : null);

function copyOf(doc: Y.Doc): Copy {
  const context = planContextOf(doc);
  const entries = Object.fromEntries(ROOTS.map((root) => [root, new Map<string, Plain>()])) as Record<Root, Map<string, Plain>>;
  for (const root of ROOTS) {
    rootMap(doc, root).forEach((value, key) => {
      const plain = plainEntry(value);
      if (plain && problemOf(root, key, plain, context) === null) entries[root].set(key, plain);
    });
  }
  const placed = new Map<string, string>();
  const features = featuresMap(doc);
  features.forEach((map, id) => {
    const iteration = map instanceof Y.Map ? map.get('iteration') : undefined;
    if (typeof iteration === 'string') placed.set(id, iteration);
  });
  // Kept up to date after every transaction (the commit's own, another node's, a restore): observers run once the
  // transaction is decided, so the copy holds what the document holds.
  const observers = ROOTS.map((root) => {
    const map = rootMap(doc, root);
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      for (const key of touchedKeys(map, events)) {
        const plain = plainEntry(map.get(key));
        if (plain) entries[root].set(key, plain);
        else entries[root].delete(key);
      }
    };
    map.observeDeep(observer);
    return () => map.unobserveDeep(observer);
  });
  const onFeatures = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const id of touchedKeys(features as Y.Map<unknown>, events)) {
      const map = features.get(id);
      const iteration = map instanceof Y.Map ? map.get('iteration') : undefined;
      if (typeof iteration === 'string') placed.set(id, iteration);
      else placed.delete(id);
    }
  };
  features.observeDeep(onFeatures);
  return {
    entries, placed,
    stop() {
      for (const stop of observers) stop();
      features.unobserveDeep(onFeatures);
    },
  };
}

/** The keys of `root` whose entries `events` touched (an entry set or removed, or something inside it). */
function touchedKeys(root: Y.Map<unknown>, events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.target === root) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) keys.add(key);
    else if (typeof event.path[0] === 'string') keys.add(event.path[0]);
  }
  return keys;
}

/** What a transaction in progress changed: plan entries by root and key, and features whose `iteration` it wrote. */
function changedIn(doc: Y.Doc, txn: Y.Transaction): { entries: Map<Root, Set<string>>; placements: Set<string> } {
  const roots = new Map<unknown, Root>(ROOTS.map((root) => [rootMap(doc, root), root]));
  const features = featuresMap(doc);
  const entries = new Map<Root, Set<string>>();
  const placements = new Set<string>();
  const add = (root: Root, key: string) => {
    const set = entries.get(root) ?? new Set<string>();
    set.add(key);
    entries.set(root, set);
  };
  txn.changed.forEach((keys, type) => {
    const root = roots.get(type);
    if (root) {
      for (const key of keys) if (key !== null) add(root, key);
      return;
    }
    // One level down: an entry's fields; two: a team's capacity.
    let item = type._item;
    for (let level = 0; item && level < 2; level++) {
      const parent = item.parent as Y.AbstractType<unknown>;
      if (!(parent instanceof Y.AbstractType)) return;
      const owner = roots.get(parent);
      if (owner && typeof item.parentSub === 'string') {
        add(owner, item.parentSub);
        return;
      }
      if (level === 0 && parent === (features as unknown) && typeof item.parentSub === 'string' && keys.has('iteration')) {
        placements.add(item.parentSub);
        return;
      }
      item = parent._item;
    }
  });
  return { entries, placements };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The planning board's and the PI's plugin: decides their writes in the commit and records them. */
export function planningPlugin(): Plugin {
  const copies = new WeakMap<Y.Doc, Copy>();
  const decide = (ctx: DecideContext, copy: Copy): void => {
    const { doc, txn, author, sender } = ctx;
    const { entries, placements } = changedIn(doc, txn);
    if (entries.size === 0 && placements.size === 0) return;
    const context = planContextOf(doc);
    const events: HistoryEvent[] = [];
    const refusals: HistoryEvent[] = [];
    const event = (kind: 'planned' | 'reverted', featureId: string, field: string, from: unknown, to: unknown): HistoryEvent => ({
      seq: ctx.seq, at: ctx.at, participantId: author.participantId, name: author.name, kind, featureId, field, from, to,
    });
    // A client's change is checked; the server's own (a restore, a revert) is taken as it is.
    const checked = sender !== null;
    for (const [root, keys] of entries) {
      const map = rootMap(doc, root);
      for (const key of [...keys].sort()) {
        const before = copy.entries[root].get(key);
        const raw = map.get(key);
        const now = raw === undefined ? undefined : plainEntry(raw) ?? toPlain(raw);
        if (same(before, now)) continue;
        let reason: string | null = null;
        if (checked) reason = roleProblem(root, author.role, before, now) ?? (now !== undefined ? problemOf(root, key, now, context) : null);
        const featureId = root === 'dependencies' && now && typeof (now as Plain).to === 'string' ? String((now as Plain).to) : '';
        if (reason !== null) {
          replacePlanEntry(doc, root as PlanRoot, key, before ?? null);
          refusals.push(event('reverted', featureId, `${root}.${key.slice(0, 80)}`, summarise(now ?? null), { value: before ?? null, reason }));
          continue;
        }
        events.push(event('planned', featureId, `${root}.${key.slice(0, 80)}`, before ?? null, summarise(now ?? null)));
      }
    }
    if (checked) {
      const features = featuresMap(doc);
      for (const id of placements) {
        const map = features.get(id);
        if (!(map instanceof Y.Map)) continue;
        const iteration = map.get('iteration');
        if (iteration === undefined || iteration === null || (typeof iteration === 'string' && context.hasIteration(iteration))) continue;
        const before = copy.placed.get(id);
        if (before === undefined) map.delete('iteration');
        else map.set('iteration', before);
        refusals.push(event('reverted', id, 'iteration', summarise(iteration), { value: before ?? null, reason: 'A feature is placed in an iteration of the plan, or in none.' }));
      }
    }
    if (refusals.length > 0) {
      ctx.compensate();
      if (sender) {
        const text = refusals.slice(0, 3).map((e) => `${e.field}: ${(e.to as { reason: string }).reason}`).join(' ');
        ctx.afterCommit(() => sender.send(revertedNotice(`Ladder reverted your change: ${text}`)));
      }
    }
    const recorded = [...events, ...refusals];
    if (recorded.length > 0) ctx.record(recorded);
  };
  return {
    name: 'planning',
    onLoadRoom({ doc }) {
      copies.set(doc, copyOf(doc));
    },
    onDecide(ctx) {
      const copy = copies.get(ctx.doc);
      if (copy) decide(ctx, copy);
    },
    onUnloadRoom({ doc }) {
      copies.get(doc)?.stop();
      copies.delete(doc);
    },
  };
}
