import type { z } from 'zod';
import { BadRequestError } from '../errors';

const article = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);
const KIND: Record<string, string> = { int: 'whole number', array: 'list', object: 'JSON object', record: 'JSON object', map: 'JSON object' };
const kindOf = (expected: unknown) => KIND[String(expected)] ?? String(expected);

/** What a value received looks like, in words: "got a string", "got nothing". */
function received(input: unknown): string {
  if (input === undefined) return 'got nothing';
  if (input === null) return 'got null';
  if (Array.isArray(input)) return 'got a list';
  // JSON has no Infinity, but a number too large to hold (1e309) parses to one.
  if (typeof input === 'number' && !Number.isFinite(input)) return `got ${input}`;
  return `got ${article(typeof input === 'object' ? 'object' : typeof input)}`;
}

function bound(origin: unknown, limit: unknown, inclusive: unknown, lower: boolean): string {
  const n = Number(limit);
  if (origin === 'string') return lower ? (n <= 1 ? 'must not be empty' : `must have at least ${n} characters`) : `must have at most ${n} characters`;
  if (origin === 'array' || origin === 'set') return lower ? `must have at least ${n} item${n === 1 ? '' : 's'}` : `must have at most ${n} items`;
  if (lower) return inclusive ? `must be at least ${n}` : `must be greater than ${n}`;
  return inclusive ? `must be at most ${n}` : `must be less than ${n}`;
}

/**
 * zod's own messages for a request, in words a person reads (`must be a number (got a string)`); a schema's own
 * message (`title must not be empty`) stays as written, since this map only fills in where it gave none.
 */
export const requestErrors = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type': {
      // A number that is not finite was refused for being infinite or NaN, not for being a number: say so.
      const infinite = typeof issue.input === 'number' && !Number.isFinite(issue.input);
      return `must be ${article(`${infinite ? 'finite ' : ''}${kindOf(issue.expected)}`)} (${received(issue.input)})`;
    }
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, true);
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, false);
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has fields this request does not take: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return undefined;
  }
};

/** "capacity must be greater than 0", "the body must be a JSON object (got nothing)". */
function issueText(issue: z.core.$ZodIssue | undefined, whole: string): string {
  if (!issue) return `${whole}: check the fields`;
  const where = issue.path.length > 0 ? issue.path.join('.') : whole;
  // A schema's own message may start with its field's name already ("title must not be empty"); one that does not
  // ("keep the name to 80 characters") follows the field's name after a colon.
  if (issue.message.startsWith(where) || issue.message.startsWith(`${String(issue.path.at(-1) ?? '')} `)) return issue.message;
  return /^(must|has) /.test(issue.message) ? `${where} ${issue.message}` : `${where}: ${issue.message}`;
}

/** Parses a request body with a zod schema; 400 with the first problem in plain words otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body, { error: requestErrors });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const hint = issue?.path.length === 0 && issue.code === 'invalid_type' ? ' Send it with content-type: application/json.' : '';
  throw new BadRequestError(`Invalid request body: ${issueText(issue, 'the body')}.${hint}`);
}

/** Parses a query string with a zod schema; 400 (`invalid_value`) with the first problem otherwise. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query, { error: requestErrors });
  if (result.success) return result.data;
  throw new BadRequestError(`Invalid query: ${issueText(result.error.issues[0], 'the query')}.`, 'invalid_value');
}
