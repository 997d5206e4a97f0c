import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { BadRequestError } from '../errors';
import { parseBody, parseQuery } from './validate';

const round = z.object({
  featureId: z.string().min(1).max(8),
  components: z.array(z.enum(['jobSize', 'timeCriticality'])).min(1).optional(),
  deadline: z.number().int().positive().optional(),
  title: z.string().trim().min(1, 'title must not be empty').optional(),
  name: z.string().max(3, 'keep the name to 3 characters').optional(),
  values: z.record(z.string(), z.number()).optional(),
}).strict();

/** The message a 400 answer carries for `body`. */
function said(body: unknown): string {
  try {
    parseBody(round, body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as Error).message;
  }
  throw new Error('the body was accepted');
}

describe('request validation messages', () => {
  test('say what is wrong in words, naming the field; never zod\'s own wording', () => {
    const cases: [unknown, string][] = [
      [undefined, 'Invalid request body: the body must be a JSON object (got nothing). Send it with content-type: application/json.'],
      [[1], 'Invalid request body: the body must be a JSON object (got a list). Send it with content-type: application/json.'],
      [{ featureId: 5 }, 'Invalid request body: featureId must be a string (got a number).'],
      [{ featureId: '' }, 'Invalid request body: featureId must not be empty.'],
      [{ featureId: 'F-123456789' }, 'Invalid request body: featureId must have at most 8 characters.'],
      [{ featureId: 'F-1', deadline: 0 }, 'Invalid request body: deadline must be greater than 0.'],
      [{ featureId: 'F-1', deadline: 1.5 }, 'Invalid request body: deadline must be a whole number (got a number).'],
      [{ featureId: 'F-1', components: [] }, 'Invalid request body: components must have at least 1 item.'],
      [{ featureId: 'F-1', components: ['size'] }, 'Invalid request body: components.0 must be one of "jobSize", "timeCriticality".'],
      [{ featureId: 'F-1', colour: 'red' }, 'Invalid request body: the body has fields this request does not take: "colour".'],
      // A schema's own message is kept as written.
      [{ featureId: 'F-1', title: ' ' }, 'Invalid request body: title must not be empty.'],
      [{ featureId: 'F-1', name: 'Alexandra' }, 'Invalid request body: name: keep the name to 3 characters.'],
      [{ featureId: 'F-1', values: 'five' }, 'Invalid request body: values must be a JSON object (got a string).'],
      // 1e309 in a JSON body parses to Infinity: the number is refused for not being finite, and says so.
      [JSON.parse('{"featureId":"F-1","values":{"jobSize":1e308,"riskReduction":1e309}}'), 'Invalid request body: values.riskReduction must be a finite number (got Infinity).'],
      [{ featureId: 'F-1', values: { jobSize: -Infinity } }, 'Invalid request body: values.jobSize must be a finite number (got -Infinity).'],
      [{ featureId: 'F-1', values: { jobSize: NaN } }, 'Invalid request body: values.jobSize must be a finite number (got NaN).'],
      [{ featureId: 'F-1', deadline: Infinity }, 'Invalid request body: deadline must be a finite number (got Infinity).'],
    ];
    for (const [body, message] of cases) expect(said(body), JSON.stringify(body)).toBe(message);
    for (const [body] of cases) expect(said(body)).not.toMatch(/Invalid input|Too small|Too big|Invalid option|Unrecognized key/);
  });

  test('queries answer invalid_value with the same words', () => {
    const query = z.object({ seq: z.string().regex(/^\d+$/, 'must be a whole number ≥ 0') });
    expect(() => parseQuery(query, { seq: 'x' })).toThrow('Invalid query: seq must be a whole number ≥ 0.');
    expect(() => parseQuery(query, {})).toThrow('Invalid query: seq must be a string (got nothing).');
    let caught: unknown = null;
    try {
      parseQuery(query, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect(caught).toMatchObject({ code: 'invalid_value' });
  });
});
