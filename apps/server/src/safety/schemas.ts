import { z } from 'zod';
import { BadRequestError } from '../errors';
import type { StateTarget } from '../history/state';
import { parseBody } from '../http/validate';

const point = {
  seq: z.number().int().nonnegative().optional(),
  at: z.number().int().nonnegative().optional(),
};

const restoreSchema = z.object({ ...point, note: z.string().trim().max(500).default('') }).strict();

const revertSchema = z.object({
  participantId: z.string().min(1).max(64),
  sinceSeq: z.number().int().nonnegative().optional(),
  since: z.number().int().nonnegative().optional(),
  note: z.string().trim().max(500).default(''),
  dryRun: z.boolean().default(false),
}).strict();

function targetOf(seq: number | undefined, at: number | undefined, names: string): StateTarget {
  if ((seq === undefined) === (at === undefined)) throw new BadRequestError(`Give exactly one of ${names}.`, 'invalid_value');
  return seq !== undefined ? { seq } : { at: at as number };
}

export function parseRestore(body: unknown): { target: StateTarget; note: string } {
  const parsed = parseBody(restoreSchema, body ?? {});
  return { target: targetOf(parsed.seq, parsed.at, '"seq" or "at" (ms since the epoch)'), note: parsed.note };
}

export function parseRevert(body: unknown): { participantId: string; since: StateTarget; note: string; dryRun: boolean } {
  const parsed = parseBody(revertSchema, body ?? {});
  return {
    participantId: parsed.participantId,
    since: targetOf(parsed.sinceSeq, parsed.since, '"sinceSeq" or "since" (ms since the epoch)'),
    note: parsed.note,
    dryRun: parsed.dryRun,
  };
}
