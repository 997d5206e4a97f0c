import { z } from 'zod';
import { LIMITS, ROLES, type Role } from '@ladder/board-doc';

// Rooms, invites and people: the bodies the server reads and the answers the web client reads.

export const roleSchema = z.enum(ROLES as [Role, ...Role[]]);

/** `POST /api/rooms` body. */
export const createRoomBodySchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(LIMITS.title, `keep the title to ${LIMITS.title} characters`),
  scale: z.array(z.number()).min(2).max(30).optional(),
  capacity: z.number().positive().nullable().optional(),
  /** Strategic themes by name (each gets a colour; guardrails are set on the board). */
  themes: z.array(z.string().trim().min(1, 'a theme needs a name').max(60, 'keep a theme name to 60 characters')).max(20, 'keep to 20 themes').optional(),
});

/** `POST /api/rooms` answer (and `GET …/invites`): the room and its four invite links. */
export const createdRoomSchema = z.object({
  roomId: z.string(),
  links: z.object({ facilitator: z.string(), product: z.string(), portfolio: z.string(), observer: z.string() }),
});
export type CreatedRoom = z.infer<typeof createdRoomSchema>;

/** `POST /api/rooms/:roomId/join` body. */
export const joinBodySchema = z.object({
  invite: z.string().max(1024).optional(),
  name: z.string().trim().min(1, 'name must not be empty').max(LIMITS.name, `keep the name to ${LIMITS.name} characters`),
});

/** `POST /api/rooms/:roomId/join` answer. */
export const joinedSchema = z.object({ participantId: z.string(), role: roleSchema, token: z.string() });
export type Joined = z.infer<typeof joinedSchema>;

/** `GET /api/rooms/:roomId/invite` answer: which room and role an invite opens. */
export const inviteInfoSchema = z.object({ roomId: z.string(), title: z.string(), role: roleSchema });
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

/** `GET /api/rooms/:roomId/participants` answer. */
export const rosterSchema = z.object({
  participants: z.array(z.object({
    participantId: z.string(), name: z.string(), role: roleSchema, joinedAt: z.number(),
    revoked: z.boolean().default(false), revokedAt: z.number().optional(),
  })),
});
export type RosterEntry = z.infer<typeof rosterSchema>['participants'][number];

/**
 * An estimate the import left blank (or, on a feature being updated, kept as it was) while the rest of its row was
 * imported: a number off the room's scale, or a cell that is not a number.
 */
export const importWarningSchema = z.object({
  /** Line of the row in the file; the header is line 1. */
  line: z.number(),
  /** The field the column fills (`userBusinessValue`, `timeCriticality`, `riskReduction`, `jobSize`), whatever the header called it. */
  column: z.string(),
  /** The number as read, or the cell's text (at most 40 characters) when it is not a number. */
  value: z.union([z.number(), z.string()]),
  /** The scale value nearest to `value`; null when the cell is not a number. */
  nearest: z.number().nullable(),
  message: z.string(),
});
export type ImportWarning = z.infer<typeof importWarningSchema>;

/** `POST /api/rooms/:roomId/import` answer. */
export const importReportSchema = z.object({
  created: z.number(),
  updated: z.number(),
  rejected: z.array(z.object({ line: z.number(), reason: z.string() })),
  /** Header names no field reads (a misnamed column). */
  ignoredColumns: z.array(z.string()).default([]),
  /** Estimates left out of rows that were imported (the rest of each row was). Absent from older servers. */
  warnings: z.array(importWarningSchema).default([]),
});
export type ImportReport = z.infer<typeof importReportSchema>;
