import type * as Y from 'yjs';

// The only place that names the document's top-level keys (CONTRACT.md, "The shared document").

/** `features`: feature id → Y.Map of the feature's fields. */
export function featuresMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>('features');
}

/** `meta`: title, scale and room settings. */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('meta');
}

/** `canvas`: the tldraw records as `{ key, val }` entries, read and written through y-utility's YKeyValue. */
export function canvasArray(doc: Y.Doc): Y.Array<{ key: string; val: unknown }> {
  return doc.getArray<{ key: string; val: unknown }>('canvas');
}

/** `rounds`: the public state of estimation rounds (never a vote value before the reveal). */
export function roundsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>('rounds');
}

/** The ART planning board (CONTRACT.md, "Planning"): each a map of entries keyed by id, each entry a Y.Map. */
export const PLAN_ROOTS = ['iterations', 'teams', 'dependencies', 'milestones'] as const;
export type PlanRoot = (typeof PLAN_ROOTS)[number];

export function planMap(doc: Y.Doc, root: PlanRoot): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(root);
}

/** PI objectives, risks and the public state of confidence votes (CONTRACT.md, "PI objectives, risks, confidence"). */
export const PI_ROOTS = ['objectives', 'risks'] as const;
export type PiRoot = (typeof PI_ROOTS)[number];
export const CONFIDENCE_ROOT = 'confidence';

export function piMap(doc: Y.Doc, root: PiRoot): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(root);
}

/** `confidence`: written by the server only, never an individual value. */
export function confidenceMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(CONFIDENCE_ROOT);
}
