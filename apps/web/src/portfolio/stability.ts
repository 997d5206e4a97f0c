import { useSyncExternalStore } from 'react';
import {
  addNote, committedDrops, readFeatures, readMeta, setMeta,
  type CommittedDrop, type NoteChange, type PendingEdit,
} from '@ladder/board-doc';
import type { Component } from '@ladder/wsjf';
import { setEstimate } from '../room/actions';
import { COMPONENT_LABEL } from '../room/labels';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';

// Stability: a change that would move a committed feature below the cut line waits here for a confirmation and
// a note. Cancel writes nothing; confirm writes the change and the note in one transaction.

export interface HeldChange {
  /** The change in words, e.g. "Job size of Search: 5 → 8". */
  label: string;
  featureId?: string;
  change: NoteChange;
  drops: CommittedDrop[];
  /** Writes the change (inside the confirming transaction); false when it was refused. */
  write: () => boolean;
  model: RoomModel;
}

let held: HeldChange | null = null;
const listeners = new Set<() => void>();

function hold(change: HeldChange | null): void {
  held = change;
  for (const fn of listeners) fn();
}

export function useHeldChange(): HeldChange | null {
  return useSyncExternalStore((fn) => { listeners.add(fn); return () => listeners.delete(fn); }, () => held);
}

/** Drops the held change: nothing is written. */
export function cancelHeldChange(): void {
  hold(null);
}

/** Writes the held change and the note explaining it in one transaction; false when nothing was written. */
export function confirmHeldChange(text: string): boolean {
  const change = held;
  if (!change) return false;
  const { model } = change;
  const note = text.trim();
  if (!note) {
    notify({ tone: 'error', text: 'Say why in a note first: it is kept with the change.' });
    return false;
  }
  let written = false;
  try {
    model.doc.transact(() => {
      if (!change.write()) return;
      addNote(model.doc, {
        id: `${model.session.participantId}-${Date.now().toString(36)}`,
        text: note,
        author: model.session.name,
        participantId: model.session.participantId,
        at: Date.now(),
        ...(change.featureId ? { featureId: change.featureId } : {}),
        change: change.change,
      });
      written = true;
    }, model.origin);
  } catch (err) {
    notify({ tone: 'error', text: err instanceof Error ? err.message : 'The change could not be written.' });
    return false;
  }
  if (written) hold(null);
  return written;
}

/** Committed features the edit would drop below the cut line, ranked as they would be after it. */
function dropsOf(model: RoomModel, edit: PendingEdit): CommittedDrop[] {
  const { capacity } = readMeta(model.doc);
  if (capacity === null) return [];
  const { features } = readFeatures(model.doc);
  if (!features.some((f) => f.committed)) return [];
  return committedDrops(features, capacity, edit);
}

const text = (v: number | null) => (v === null ? 'empty' : String(v));

/**
 * Sets an estimate, unless it would drop a committed feature below the cut line: then the change is held for a
 * confirmation with a note and false is returned (nothing written yet).
 */
export function guardedEstimate(model: RoomModel, featureId: string, component: Component, value: number | null): boolean {
  if (!model.canWrite) return false;
  const drops = dropsOf(model, { featureId, patch: { [component]: value } });
  if (drops.length === 0) return setEstimate(model, featureId, component, value);
  const feature = readFeatures(model.doc).features.find((f) => f.id === featureId);
  const from = feature ? feature[component] : null;
  hold({
    label: `${COMPONENT_LABEL[component]} of ${feature?.title ?? featureId}: ${text(from)} → ${text(value)}`,
    featureId,
    change: { field: component, from, to: value },
    drops,
    write: () => setEstimate(model, featureId, component, value),
    model,
  });
  return false;
}

/** Sets the capacity (null clears it), held for confirmation when it would drop a committed feature below the line. */
export function guardedCapacity(model: RoomModel, value: number | null): boolean {
  if (!model.canWrite) return false;
  const write = () => {
    model.doc.transact(() => setMeta(model.doc, { capacity: value }), model.origin);
    return true;
  };
  const drops = dropsOf(model, { capacity: value });
  if (drops.length === 0) return write();
  const from = readMeta(model.doc).capacity;
  hold({ label: `Capacity: ${text(from)} → ${text(value)} points`, change: { field: 'capacity', from, to: value }, drops, write, model });
  return false;
}
