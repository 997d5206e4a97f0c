import { addDependency, placeFeature, removeDependency, updateDependency } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { attempt } from '../room/actions';
import { notify } from '../ui/notices';

// The planning board's writes that any writer makes (placements and dependencies), each one transaction with the
// local origin; the facilitator's setup is written by the settings dialog. A refusal is told, never thrown.

/** Places a feature in a team's row and an iteration, or (iteration null) takes it off the board. Never refused for lateness or capacity. */
export function place(model: RoomModel, featureId: string, iteration: string | null, team?: string): boolean {
  return attempt(model, () => placeFeature(model.doc, featureId, iteration, team, { participantId: model.session.participantId, now: Date.now() }));
}

/** Adds a dependency from the feature that delivers to the one that needs it. */
export function depend(model: RoomModel, input: { from: string; to: string; neededBy?: string | null; note?: string }): boolean {
  if (input.from === input.to) {
    notify({ tone: 'error', text: 'A feature cannot depend on itself: drop the string on another card.' });
    return false;
  }
  return attempt(model, () => { addDependency(model.doc, input); });
}

export function editDependency(model: RoomModel, id: string, patch: { neededBy?: string | null; note?: string }): boolean {
  return attempt(model, () => updateDependency(model.doc, id, patch));
}

export function dropDependency(model: RoomModel, id: string): boolean {
  return attempt(model, () => removeDependency(model.doc, id));
}
