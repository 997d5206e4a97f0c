import type { z } from 'zod';
import { BadRequestError } from '../errors';

/** Parses a request body with a zod schema; 400 with the first problem otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new BadRequestError(`Invalid request body: ${where}${issue?.message ?? 'check the fields'}.`);
}
