import { z } from 'zod';

/** Every error answer of the HTTP API: a stable code and a message that says what to do (never a stack trace). */
export const errorBodySchema = z.object({ error: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;
