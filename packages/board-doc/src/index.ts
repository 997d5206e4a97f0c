export { featuresMap, metaMap, canvasArray, roundsMap } from './keys';
export { ROLES, WRITER_ROLES } from './types';
export type { Role, Feature, FeatureInput, FeaturePatch, FeatureIssue, RoomMeta } from './types';
export { BoardDocError } from './errors';
export type { BoardDocErrorCode } from './errors';
export { LIMITS, checkFeatureField, isComponent } from './validate';
export type { FieldCheck } from './validate';
export { initRoom, readMeta, setMeta } from './meta';
export { readFeature, readFeatures, createFeature, updateFeature, deleteFeature } from './features';
export { rankingOf, rankRows } from './ranking';
export type { RankingRow } from './ranking';
export { trackFeatureChanges, diffFeature } from './changes';
export type { ChangeEvent, ChangeKind } from './changes';
export { readRound, readRounds, writeRoundState, roundKeys, targetOf, currentRoundFor, ROUND_STATUSES } from './rounds';
export type { Round, RoundState, RoundStatus, RoundKind, RoundVoter, RoundVote, RoundResult, RoundDiscussEntry } from './rounds';
export { readThemes, setTheme, THEME_COLOURS, checkGuardrails, cutLineCrossings, readNotes, addNote } from './portfolio';
export type { Theme, GuardrailCheck, CutLineCrossing, DecisionNote, NoteChange } from './portfolio';
export { RECOVERY_KEY, markRecovery, readRecovery } from './recovery';
export type { RecoveryMark } from './recovery';
export { committedDrops } from './portfolio-stability';
export type { PendingEdit, CommittedDrop } from './portfolio-stability';
export { perspectivesOf } from './portfolio-perspectives';
export type { Perspective } from './portfolio-perspectives';
export { toPlain, MAX_PLAIN_DEPTH } from './plain';
export { LEAD_KEY, leadProblem, readLead, setLead } from './lead';
export type { Lead } from './lead';
export { planMap, PLAN_ROOTS } from './keys';
export type { PlanRoot } from './keys';
export {
  readPlan, planFigures, planProblem, replacePlanEntry, planContextOf, planId, setIteration, removeIteration, setTeam, removeTeam, placeFeature,
  addDependency, updateDependency, removeDependency, setMilestone, removeMilestone, PLAN_LIMITS,
} from './plan';
export type { Plan, Iteration, Team, Dependency, Milestone, Placement, PlanContext } from './plan';
export { piMap, confidenceMap, PI_ROOTS, CONFIDENCE_ROOT } from './keys';
export type { PiRoot } from './keys';
export {
  piProblem, readObjectives, readRisks, setObjective, setObjectiveValue, removeObjective, raiseRisk, roamRisk, readConfidence, writeConfidence,
  RISK_STATUSES, VALUE_ROLES, VALUE_FIELDS, PI_LIMITS, PI_KEY, piStateProblem, readPiState, namePi, continueToNextPi,
} from './pi';
export type { Objective, Risk, RiskStatus, ConfidenceVote, PiState } from './pi';
export { AGENDA_KEY, SAFE_AGENDA, agendaProblem, readAgenda, setAgenda, agendaNow } from './agenda';
export type { Agenda, AgendaItem } from './agenda';
