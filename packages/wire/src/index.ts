// The wire contract in one package: the zod schemas of the HTTP bodies and answers and the history event, used by
// the server's routes and the web client's calls alike, so a changed field breaks the build on both sides.
export { errorBodySchema } from './errors';
export type { ErrorBody } from './errors';
export { CONFLICT_NOTICE, HISTORY_KINDS, conflictSchema, conflictsSchema, historyEventSchema, historyPageSchema, timelineSchema, timelinePointSchema, timelineNoteSchema } from './history';
export type { ConflictAnswer, HistoryKind, HistoryEvent, HistoryPageAnswer, TimelinePoint, TimelineNote } from './history';
export {
  roleSchema, createRoomBodySchema, createdRoomSchema, joinBodySchema, joinedSchema, inviteInfoSchema, rosterSchema, importReportSchema, importWarningSchema,
} from './rooms';
export type { CreatedRoom, Joined, InviteInfo, RosterEntry, ImportReport, ImportWarning } from './rooms';
export { planSchema, DEPENDENCY_STATUS_VALUES } from './plan';
export type { PlanAnswer } from './plan';
