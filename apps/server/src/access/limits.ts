import { ConfigError } from '../errors';
import { TokenBucket } from '../sync/rate-limit';

// How fast rooms may be created and joined, and how long invites live (docs/operations.md, "Access"). Every value has an
// environment variable; the defaults let a script or a test suite create a few hundred rooms a minute from one address
// and a thousand people join one room from behind one company address, while a client creating rooms as fast as it
// can (1,352 a second were measured) gets 300 and then 5 a second.

/** A token bucket's size: `burst` at once, refilled at `perSecond`. */
export interface Rate { burst: number; perSecond: number }

export interface AccessConfig {
  /** `POST /api/rooms` per source address. */
  create: Rate;
  /** `POST /api/rooms` from every address together: a ceiling for many addresses at once. */
  createGlobal: Rate;
  /** `POST …/join` per room and source address. */
  join: Rate;
  /** `POST …/join` per room, from every address together. */
  joinRoom: Rate;
  /** WebSocket connects per room and source address. */
  connect: Rate;
  /** Buckets one limit keeps (one per address, or per room and address); past it the least recently used goes. */
  maxKeys: number;
  /** How long a new invite link works, in ms. */
  inviteTtlMs: number;
  /** Proxies in front of the server whose X-Forwarded-For is believed (0: the socket's address is the client's). */
  trustProxy: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_ACCESS: AccessConfig = {
  create: { burst: 300, perSecond: 5 },
  createGlobal: { burst: 1000, perSecond: 50 },
  join: { burst: 1000, perSecond: 20 },
  joinRoom: { burst: 2000, perSecond: 50 },
  connect: { burst: 2000, perSecond: 100 },
  maxKeys: 100_000,
  inviteTtlMs: 30 * DAY_MS,
  trustProxy: 0,
};

/** Each rate's two variables, e.g. `LADDER_LIMIT_CREATE_BURST` and `LADDER_LIMIT_CREATE_PER_SECOND`. */
const RATE_VARIABLES: Record<'create' | 'createGlobal' | 'join' | 'joinRoom' | 'connect', string> = {
  create: 'LADDER_LIMIT_CREATE',
  createGlobal: 'LADDER_LIMIT_CREATE_GLOBAL',
  join: 'LADDER_LIMIT_JOIN',
  joinRoom: 'LADDER_LIMIT_JOIN_ROOM',
  connect: 'LADDER_LIMIT_CONNECT',
};

function number(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number, whole: boolean): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    throw new ConfigError(`${name}=${raw} is not valid: set it to a ${whole ? 'whole ' : ''}number from ${min} to ${max}, or leave it unset.`);
  }
  return value;
}

/** Reads the `LADDER_LIMIT_*`, `LADDER_INVITE_TTL_DAYS` and `LADDER_TRUST_PROXY` variables over the defaults. */
export function accessConfigFromEnv(env: Record<string, string | undefined>): AccessConfig {
  const rate = (key: keyof typeof RATE_VARIABLES): Rate => ({
    burst: number(env, `${RATE_VARIABLES[key]}_BURST`, DEFAULT_ACCESS[key].burst, 1, 1e9, true),
    perSecond: number(env, `${RATE_VARIABLES[key]}_PER_SECOND`, DEFAULT_ACCESS[key].perSecond, 0.0001, 1e9, false),
  });
  return {
    create: rate('create'),
    createGlobal: rate('createGlobal'),
    join: rate('join'),
    joinRoom: rate('joinRoom'),
    connect: rate('connect'),
    maxKeys: number(env, 'LADDER_LIMIT_KEYS', DEFAULT_ACCESS.maxKeys, 1, 1e8, true),
    inviteTtlMs: number(env, 'LADDER_INVITE_TTL_DAYS', DEFAULT_ACCESS.inviteTtlMs / DAY_MS, 0.0001, 36_500, false) * DAY_MS,
    trustProxy: number(env, 'LADDER_TRUST_PROXY', DEFAULT_ACCESS.trustProxy, 0, 10, true),
  };
}

/** Token buckets by key (an address, a room, a room and an address), at most `maxKeys`: the least recently used goes first. */
export class KeyedBuckets {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(readonly rate: Rate, readonly maxKeys: number, private readonly now: () => number = () => performance.now()) {}

  get size(): number {
    return this.#buckets.size;
  }

  /** The key's bucket, made full when the key is new (or was evicted), and marked as the most recently used. */
  bucket(key: string): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (bucket) {
      this.#buckets.delete(key);
    } else {
      bucket = new TokenBucket(this.rate.burst, this.rate.perSecond, this.now);
      while (this.#buckets.size >= this.maxKeys) {
        const oldest = this.#buckets.keys().next().value as string;
        this.#buckets.delete(oldest);
      }
    }
    this.#buckets.set(key, bucket);
    return bucket;
  }
}

/** Takes one token from every bucket, or from none: 0 when taken, otherwise how long until all of them hold one (ms). */
export function takeFromAll(buckets: readonly TokenBucket[]): number {
  const wait = Math.max(0, ...buckets.map((b) => b.msUntil()));
  if (wait > 0) return wait;
  for (const bucket of buckets) bucket.take();
  return 0;
}

/** A refusal: what was limited and when to try again, in whole seconds (at least 1). */
export interface Refusal { retryAfterSeconds: number; message: string }

const refusal = (waitMs: number, what: string): Refusal => {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return { retryAfterSeconds, message: `${what}: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.` };
};

/** The limits on creating rooms, joining and connecting, for one server node. */
export class AccessLimiter {
  readonly #create: KeyedBuckets;
  readonly #createGlobal: TokenBucket;
  readonly #join: KeyedBuckets;
  readonly #joinRoom: KeyedBuckets;
  readonly #connect: KeyedBuckets;

  constructor(config: AccessConfig, now: () => number = () => performance.now()) {
    this.#create = new KeyedBuckets(config.create, config.maxKeys, now);
    this.#createGlobal = new TokenBucket(config.createGlobal.burst, config.createGlobal.perSecond, now);
    this.#join = new KeyedBuckets(config.join, config.maxKeys, now);
    this.#joinRoom = new KeyedBuckets(config.joinRoom, config.maxKeys, now);
    this.#connect = new KeyedBuckets(config.connect, config.maxKeys, now);
  }

  /** Buckets kept now, per limit (for tests and metrics). */
  get keys(): { create: number; join: number; joinRoom: number; connect: number } {
    return { create: this.#create.size, join: this.#join.size, joinRoom: this.#joinRoom.size, connect: this.#connect.size };
  }

  /** A room created from `address`: null when allowed (and counted), otherwise the refusal. */
  create(address: string): Refusal | null {
    const wait = takeFromAll([this.#create.bucket(address), this.#createGlobal]);
    return wait === 0 ? null : refusal(wait, 'Too many rooms were created just now');
  }

  /** A join of `roomId` from `address`. */
  join(roomId: string, address: string): Refusal | null {
    const wait = takeFromAll([this.#join.bucket(`${roomId} ${address}`), this.#joinRoom.bucket(roomId)]);
    return wait === 0 ? null : refusal(wait, 'Too many people joined this room just now');
  }

  /** A WebSocket connect to `roomId` from `address`. */
  connect(roomId: string, address: string): Refusal | null {
    const wait = takeFromAll([this.#connect.bucket(`${roomId} ${address}`)]);
    return wait === 0 ? null : refusal(wait, 'Too many connections to this room from your address');
  }
}

/**
 * The client's address: the socket's, or with `trustProxy` proxies in front, the address that many hops back in
 * X-Forwarded-For (as Fastify's `trustProxy: <number>` reads it for the HTTP routes).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const chain = [socketAddress ?? 'unknown'];
  if (trustProxy > 0 && forwardedFor) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    chain.push(...header.split(',').map((a) => a.trim()).filter(Boolean).reverse());
  }
  return chain[Math.min(trustProxy, chain.length - 1)] as string;
}
