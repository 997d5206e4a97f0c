import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from '@ladder/board-doc';
import { PARTICIPANT_ID_PATTERN, ROOM_ID_PATTERN } from '../ids';

// Tokens: base64url(JSON payload) "." base64url(HMAC-SHA256(secret, payload part)).

/**
 * An invite: the room and role a link opens. `generation` is the role's link generation when it was signed (0 before the
 * first rotation); `expiresAt` (ms epoch) when the link stops working. Tokens signed before invites carried either
 * read back without them: the checker decides (docs/operations.md, "Access").
 */
export interface InviteClaims { kind: 'invite'; roomId: string; role: Role; generation?: number; expiresAt?: number }
export interface ParticipantClaims { kind: 'participant'; roomId: string; role: Role; participantId: string }
export type TokenClaims = InviteClaims | ParticipantClaims;

const roleSchema = z.enum(ROLES as [Role, ...Role[]]);
const payloadSchema = z.discriminatedUnion('k', [
  z.object({
    k: z.literal('i'), r: z.string().regex(ROOM_ID_PATTERN), o: roleSchema, t: z.number(),
    g: z.number().int().min(0).optional(), x: z.number().optional(),
  }).strict(),
  z.object({ k: z.literal('p'), r: z.string().regex(ROOM_ID_PATTERN), o: roleSchema, p: z.string().regex(PARTICIPANT_ID_PATTERN), t: z.number() }).strict(),
]);

const MAX_TOKEN_LENGTH = 1024;

export class TokenSigner {
  readonly #secret: string;

  constructor(secret: string) {
    if (!secret) throw new Error('A token signer needs a non-empty secret.');
    this.#secret = secret;
  }

  #mac(body: string): Buffer {
    return createHmac('sha256', this.#secret).update(body).digest();
  }

  sign(claims: TokenClaims, now = Date.now()): string {
    const payload = claims.kind === 'invite'
      ? {
        k: 'i', r: claims.roomId, o: claims.role, t: now,
        ...(claims.generation ? { g: claims.generation } : {}), ...(claims.expiresAt !== undefined ? { x: claims.expiresAt } : {}),
      }
      : { k: 'p', r: claims.roomId, o: claims.role, p: claims.participantId, t: now };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.#mac(body).toString('base64url')}`;
  }

  /** The claims of a genuine token, or null for anything else (malformed, forged, unknown shape). */
  verify(token: unknown): TokenClaims | null {
    return this.read(token)?.claims ?? null;
  }

  /** A genuine token's claims and when it was signed (ms epoch); null for anything else. */
  read(token: unknown): { claims: TokenClaims; issuedAt: number } | null {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [body, signature] = parts as [string, string];
    if (!/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]+$/.test(signature)) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.#mac(body);
    // Canonical encoding only: a signature that decodes to the same bytes but is spelled differently is refused.
    if (given.length !== expected.length || given.toString('base64url') !== signature || !timingSafeEqual(given, expected)) return null;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) return null;
    const p = parsed.data;
    const claims: TokenClaims = p.k === 'i'
      ? { kind: 'invite', roomId: p.r, role: p.o, generation: p.g ?? 0, ...(p.x !== undefined ? { expiresAt: p.x } : {}) }
      : { kind: 'participant', roomId: p.r, role: p.o, participantId: p.p };
    return { claims, issuedAt: p.t };
  }
}
