import {
  continueToNextPi, namePi, raiseRisk, readAgenda, readObjectives, readPiState, removeObjective, roamRisk, setAgenda, setObjective,
  setObjectiveValue, VALUE_ROLES,
  type Agenda, type Objective, type RiskStatus,
} from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { attempt } from '../room/actions';
import { notify } from '../ui/notices';
import { EMPTY_AGENDA } from './agenda';
import { continueProblem } from './objectives';

// The PI's writes into the shared document, each one transaction with the local origin. A refusal here is told, never
// thrown; what the server refuses (a value by someone who is not a Business Owner) it puts back and tells.

/** Whether this participant sets business values (the Business Owners: facilitator and portfolio). */
export function setsValues(model: RoomModel): boolean {
  return (VALUE_ROLES as readonly string[]).includes(model.session.role);
}

export function addObjective(model: RoomModel, objective: { team: string; text: string; committed: boolean }): boolean {
  if (objective.text.trim() === '') {
    notify({ tone: 'error', text: 'Write the objective first.' });
    return false;
  }
  return attempt(model, () => { setObjective(model.doc, objective); });
}

/** Changes an objective's text, commitment or features, on top of the objective as the document has it now. */
export function editObjective(model: RoomModel, id: string, patch: Partial<Pick<Objective, 'text' | 'committed' | 'featureIds'>>): boolean {
  if (patch.text !== undefined && patch.text.trim() === '') {
    notify({ tone: 'error', text: 'An objective needs its text: remove it instead.' });
    return false;
  }
  return attempt(model, () => {
    const current = readObjectives(model.doc).find((o) => o.id === id);
    if (!current) throw new Error('This objective was removed meanwhile.');
    setObjective(model.doc, { id, team: current.team, text: current.text, committed: current.committed, featureIds: current.featureIds, ...patch });
  });
}

export function setValue(model: RoomModel, id: string, field: 'plannedValue' | 'actualValue', value: number | null): boolean {
  if (!setsValues(model)) return false;
  return attempt(model, () => setObjectiveValue(model.doc, id, field, value));
}

export function dropObjective(model: RoomModel, id: string): boolean {
  return attempt(model, () => removeObjective(model.doc, id));
}

export function raise(model: RoomModel, risk: { title: string; description?: string; team?: string; featureId?: string; dependencyId?: string }): boolean {
  if (risk.title.trim() === '') {
    notify({ tone: 'error', text: 'Give the risk a title.' });
    return false;
  }
  return attempt(model, () => { raiseRisk(model.doc, { ...risk, featureId: risk.featureId || undefined, dependencyId: risk.dependencyId || undefined }); });
}

export function roam(model: RoomModel, id: string, status: RiskStatus, detail: { owner?: string; note?: string } = {}): boolean {
  return attempt(model, () => roamRisk(model.doc, id, status, detail));
}

/**
 * Changes the agenda (the facilitator's; the server puts anyone else's change back): `change` gets the agenda as the
 * document has it at that moment (an empty one when there is none), so an edit a screen has not drawn yet is kept.
 */
export function changeAgenda(model: RoomModel, change: (agenda: Agenda) => Agenda | null): boolean {
  if (model.session.role !== 'facilitator') return false;
  return attempt(model, () => setAgenda(model.doc, change(readAgenda(model.doc) ?? EMPTY_AGENDA)));
}

/** Names (or renames) the current PI: the facilitator's, like the agenda. */
export function renamePi(model: RoomModel, name: string): boolean {
  if (model.session.role !== 'facilitator') return false;
  if (name.trim() === '') {
    notify({ tone: 'error', text: 'A PI needs a name.' });
    return false;
  }
  return attempt(model, () => namePi(model.doc, name));
}

/**
 * Continues the room into the next PI (the facilitator's): names the current PI `current` when it has no name yet or
 * another one, then stamps its objectives with that name and makes `next` current — one transaction.
 */
export function continuePi(model: RoomModel, current: string, next: string): boolean {
  if (model.session.role !== 'facilitator') return false;
  const problem = continueProblem(readPiState(model.doc), current, next);
  if (problem !== null) {
    notify({ tone: 'error', text: problem });
    return false;
  }
  return attempt(model, () => {
    if (readPiState(model.doc)?.current !== current.trim()) namePi(model.doc, current);
    continueToNextPi(model.doc, next);
  });
}
