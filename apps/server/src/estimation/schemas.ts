import { z } from 'zod';
import { COMPONENTS } from '@ladder/wsjf';
import { BadRequestError } from '../errors';
import { parseBody } from '../http/validate';

/** Round ids: 9 random bytes, base64url (12 characters). */
export const ROUND_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

const component = z.enum(COMPONENTS);
const featureId = z.string().min(1).max(200);
const options = {
  /** Reveal as soon as every expected voter has voted. */
  autoReveal: z.boolean().optional(),
  /** Reveal when this many seconds have passed. */
  timerSeconds: z.number().int().min(1).max(24 * 60 * 60).optional(),
};

const featureRound = z.strictObject({
  featureId,
  components: z.array(component).min(1).max(4).refine((c) => new Set(c).size === c.length, 'list each component once').optional(),
  ...options,
});

const columnRound = z.strictObject({
  featureIds: z.array(featureId).min(2).max(100).refine((f) => new Set(f).size === f.length, 'list each feature once'),
  component,
  ...options,
});

export type FeatureRoundBody = z.infer<typeof featureRound>;
export type ColumnRoundBody = z.infer<typeof columnRound>;
export type OpenRoundBody = ({ kind: 'feature' } & FeatureRoundBody) | ({ kind: 'column' } & ColumnRoundBody);

/** `{featureId, components?}` (a feature round) or `{featureIds, component}` (a column round), plus options. */
export function parseOpenRound(body: unknown): OpenRoundBody {
  if (typeof body === 'object' && body !== null && 'featureIds' in body && 'featureId' in body) {
    throw new BadRequestError('Give "featureId" (a round on one feature) or "featureIds" with "component" (a column round), not both.', 'invalid_value');
  }
  if (typeof body === 'object' && body !== null && 'featureIds' in body) return { kind: 'column', ...parseBody(columnRound, body) };
  return { kind: 'feature', ...parseBody(featureRound, body) };
}

const values = z.record(z.string().min(1).max(200), z.number().finite());

const voteBody = z.strictObject({ values });
const acceptBody = z.strictObject({ values: values.optional() });

export function parseVote(body: unknown): Record<string, number> {
  const parsed = parseBody(voteBody, body).values;
  if (Object.keys(parsed).length === 0) throw new BadRequestError('Invalid request body: values: give at least one value.');
  return parsed;
}

/** The accept body is optional: no body, `{}` or `{values}`. */
export function parseAccept(body: unknown): Record<string, number> | null {
  if (body === undefined || body === null || body === '') return null;
  return parseBody(acceptBody, body).values ?? null;
}
