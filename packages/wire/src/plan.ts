import { z } from 'zod';

// `GET /api/rooms/:roomId/plan` (CONTRACT.md, "Planning"): the ART planning board with its derived figures.

export const DEPENDENCY_STATUS_VALUES = ['ok', 'risky', 'late', 'unplanned'] as const;

export const planSchema = z.object({
  /** In board order. */
  iterations: z.array(z.object({ id: z.string(), name: z.string(), start: z.string().nullable(), end: z.string().nullable(), order: z.number() })),
  /** Each team with its capacity and its load (the job sizes of its features placed there) per iteration id. */
  teams: z.array(z.object({ name: z.string(), capacity: z.record(z.string(), z.number()), load: z.record(z.string(), z.number()) })),
  /** The features placed on the board. */
  features: z.array(z.object({ id: z.string(), team: z.string(), iteration: z.string() })),
  dependencies: z.array(z.object({
    id: z.string(), from: z.string(), to: z.string(), neededBy: z.string().nullable(), status: z.enum(DEPENDENCY_STATUS_VALUES),
    note: z.string().optional(),
  })),
  milestones: z.array(z.object({ id: z.string(), name: z.string(), iteration: z.string().nullable(), date: z.string().nullable() })).optional(),
});
export type PlanAnswer = z.infer<typeof planSchema>;
