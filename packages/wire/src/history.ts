import { z } from 'zod';

// The history event, declared once: the server records it, storage keeps it, the web client reads it.

/**
 * What a history event records: a feature `created`, `deleted` or a field `changed`; a decision `note`; the room
 * `restored` to a point; a value `reverted` (refused by the server, or a participant's changes undone); a stored update
 * `quarantined` because the room could not load it; an arriving value kept aside as a `conflict` (the room had a newer
 * one than the sender had seen: that one stays in `from`, the arriving one in `to`); an entry of the planning board
 * `planned` (added, changed or removed: `field` is `iterations.<id>`, `teams.<name>`, `dependencies.<id>` or
 * `milestones.<id>`, `from` and `to` the entry before and after, null when absent; a feature's own placement is a
 * `changed` event of its `iteration` field).
 */
export const HISTORY_KINDS = ['created', 'deleted', 'changed', 'note', 'restored', 'reverted', 'quarantined', 'conflict', 'planned'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const historyEventSchema = z.object({
  /** The stored update that caused it (1, 2, 3 …). */
  seq: z.number(),
  /** Server time of that update (ms epoch). */
  at: z.number(),
  /** Who sent the update, from their token; null for the server on nobody's behalf. */
  participantId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(HISTORY_KINDS),
  /** The feature; empty for events of the whole room (a restore, a note on the ranking). */
  featureId: z.string(),
  /** The field of a `changed` or `reverted` event; null for the others. */
  field: z.string().nullable(),
  from: z.unknown(),
  to: z.unknown(),
  /** The estimation round whose accept caused it. */
  roundId: z.string().optional(),
  /** A decision note's id (kind `note`). */
  noteId: z.string().optional(),
  /** A `conflict`: who wrote the value that stays (the author of the arriving one is `participantId`). */
  keptBy: z.object({ participantId: z.string().nullable(), name: z.string() }).optional(),
});
export type HistoryEvent = z.infer<typeof historyEventSchema>;

/** `GET /api/rooms/:roomId/history`: one page, oldest first. */
export const historyPageSchema = z.object({ events: z.array(historyEventSchema), nextAfterSeq: z.number(), hasMore: z.boolean() });
export type HistoryPageAnswer = z.infer<typeof historyPageSchema>;

export const timelineNoteSchema = z.object({ id: z.string(), text: z.string(), author: z.string(), featureId: z.string().optional(), field: z.string().optional() });
export const timelinePointSchema = z.object({
  seq: z.number(), at: z.number(), participantId: z.string().nullable(), name: z.string(),
  /** Decision notes written with this update. */
  notes: z.array(timelineNoteSchema).optional(),
});
/** `GET /api/rooms/:roomId/history/timeline`: every stored update, its author and the notes it wrote. */
export const timelineSchema = z.object({ points: z.array(timelinePointSchema) });
export type TimelinePoint = z.infer<typeof timelinePointSchema>;
export type TimelineNote = z.infer<typeof timelineNoteSchema>;

/**
 * `GET /api/rooms/:roomId/conflicts`: arriving values the room kept aside (an edit made offline meeting a newer live
 * one), oldest first; `open` while the field still holds the kept value, `whole` when the arriving value was recorded
 * whole (a long text is recorded cut short and cannot be applied from the record).
 */
export const conflictSchema = z.object({
  seq: z.number(),
  at: z.number(),
  participantId: z.string().nullable(),
  name: z.string(),
  featureId: z.string(),
  field: z.string(),
  kept: z.unknown(),
  /** Who wrote the value that stays, as far as the server knows (name '' when it knows only the participant). */
  keptBy: z.object({ participantId: z.string().nullable(), name: z.string() }).nullable(),
  arriving: z.unknown(),
  open: z.boolean(),
  whole: z.boolean(),
});
export const conflictsSchema = z.object({ conflicts: z.array(conflictSchema) });
export type ConflictAnswer = z.infer<typeof conflictSchema>;

/** How the server's notice to the author of a conflict begins (their screen then lists the conflict to apply it). */
export const CONFLICT_NOTICE = 'Ladder kept the newer value:';
