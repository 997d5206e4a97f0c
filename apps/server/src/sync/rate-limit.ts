/** A token bucket: `capacity` messages at once, refilled at `perSecond`. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(readonly capacity: number, readonly perSecond: number, private readonly now: () => number = () => performance.now()) {
    this.#tokens = capacity;
    this.#last = now();
  }

  /** Takes `count` tokens (one by default); false, taking none, when the bucket holds fewer. */
  take(count = 1): boolean {
    this.#refill();
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  /** How long until the bucket holds `count` tokens (one by default), in ms; 0 when it does now. Takes nothing. */
  msUntil(count = 1): number {
    this.#refill();
    return this.#tokens >= count ? 0 : ((count - this.#tokens) / this.perSecond) * 1000;
  }

  #refill(): void {
    const now = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
  }
}

export interface RateLimits {
  /** Per connection: burst and sustained messages per second. */
  connectionBurst: number;
  connectionPerSecond: number;
  /** Per participant, over all their connections. */
  participantBurst: number;
  participantPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  connectionBurst: 1000,
  connectionPerSecond: 200,
  participantBurst: 4000,
  participantPerSecond: 1000,
};

/** Buckets per participant, kept while the participant has a connection. Never keyed by IP. */
export class ParticipantBuckets {
  readonly #buckets = new Map<string, { bucket: TokenBucket; users: number }>();

  constructor(private readonly limits: RateLimits) {}

  acquire(participantId: string): TokenBucket {
    let entry = this.#buckets.get(participantId);
    if (!entry) {
      entry = { bucket: new TokenBucket(this.limits.participantBurst, this.limits.participantPerSecond), users: 0 };
      this.#buckets.set(participantId, entry);
    }
    entry.users++;
    return entry.bucket;
  }

  release(participantId: string): void {
    const entry = this.#buckets.get(participantId);
    if (entry && --entry.users <= 0) this.#buckets.delete(participantId);
  }
}
