import {
  BoardDocError, createFeature, deleteFeature, featuresMap, readFeature, updateFeature,
  type Feature, type FeaturePatch,
} from '@ladder/board-doc';
import type { Component } from '@ladder/wsjf';
import { notify } from '../ui/notices';
import type { CanvasRecord, RoomModel } from './model';

export const CARD_TYPE = 'feature-card';

function fail(err: unknown): false {
  if (err instanceof BoardDocError) notify({ tone: 'error', text: err.message });
  else notify({ tone: 'error', text: err instanceof Error ? err.message : 'That change could not be made.' });
  return false;
}

/** Runs `write` as one transaction with the local origin; a refusal is told (with the reason), never thrown. */
export function attempt(model: RoomModel, write: () => void): boolean {
  if (!model.canWrite) return false;
  try {
    model.doc.transact(write, model.origin);
    return true;
  } catch (err) {
    return fail(err);
  }
}

function by(model: RoomModel) {
  return { participantId: model.session.participantId, now: Date.now() };
}

/** Sets (or, with null, clears) one estimate. Off-scale values are refused with the reason. */
export function setEstimate(model: RoomModel, featureId: string, component: Component, value: number | null): boolean {
  if (!model.canWrite) return false;
  try {
    model.doc.transact(() => updateFeature(model.doc, featureId, { [component]: value }, by(model)), model.origin);
    return true;
  } catch (err) {
    return fail(err);
  }
}

/** Edits text fields (title, description, team, theme) in one transaction. */
export function editFeature(model: RoomModel, featureId: string, patch: FeaturePatch): boolean {
  if (!model.canWrite) return false;
  try {
    model.doc.transact(() => updateFeature(model.doc, featureId, patch, by(model)), model.origin);
    return true;
  } catch (err) {
    return fail(err);
  }
}

/** Adds one feature per title (blank lines skipped) in one transaction; returns the created features. */
export function addFeatures(model: RoomModel, titles: readonly string[]): Feature[] {
  if (!model.canWrite) return [];
  const clean = titles.map((t) => t.trim()).filter(Boolean);
  const created: Feature[] = [];
  try {
    model.doc.transact(() => {
      const now = Date.now();
      clean.forEach((title, i) => {
        created.push(createFeature(model.doc, { title }, { participantId: model.session.participantId, now: now + i }));
      });
    }, model.origin);
  } catch (err) {
    fail(err);
    return [];
  }
  return created;
}

/** Card records of a feature in the canvas. */
export function cardsOf(model: RoomModel, featureId: string): CanvasRecord[] {
  const out: CanvasRecord[] = [];
  for (const { val } of model.canvas.map.values()) {
    const props = val.props as { featureId?: unknown } | undefined;
    if (val.typeName === 'shape' && val.type === CARD_TYPE && props?.featureId === featureId) out.push(val);
  }
  return out;
}

export interface DeletedFeature {
  feature: Feature;
  cards: CanvasRecord[];
}

/** Deletes a feature and its cards; what it returns restores them (`restoreFeature`). */
export function removeFeature(model: RoomModel, featureId: string, extraCards: CanvasRecord[] = []): DeletedFeature | null {
  if (!model.canWrite) return null;
  const feature = readFeature(model.doc, featureId);
  if (!feature) return null;
  const cards = [...cardsOf(model, featureId), ...extraCards];
  model.doc.transact(() => {
    deleteFeature(model.doc, featureId);
    for (const card of cards) model.canvas.delete(card.id);
  }, model.origin);
  return { feature, cards };
}

/** Undo of a delete: the same id, creation time and author, and the card where it was; updated by whoever undid it. */
export function restoreFeature(model: RoomModel, deleted: DeletedFeature): boolean {
  const { feature, cards } = deleted;
  const { createdAt, createdBy, ...input } = feature;
  try {
    model.doc.transact(() => {
      if (!readFeature(model.doc, feature.id)) {
        createFeature(model.doc, input, { participantId: createdBy, now: createdAt });
        const edit = by(model);
        featuresMap(model.doc).get(feature.id)?.set('updatedBy', edit.participantId);
        featuresMap(model.doc).get(feature.id)?.set('updatedAt', edit.now);
      }
      const seen = new Set<string>();
      for (const card of cards) {
        if (seen.has(card.id)) continue;
        seen.add(card.id);
        model.canvas.set(card.id, card);
      }
    }, model.origin);
    return true;
  } catch (err) {
    return fail(err);
  }
}
