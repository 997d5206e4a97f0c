import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors';
import { AccessLimiter, accessConfigFromEnv, clientAddress, DEFAULT_ACCESS, KeyedBuckets, type AccessConfig } from './limits';

/** A clock the test moves by hand: no test here waits for time to pass. */
function clock() {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => { ms += by; } };
}

const config = (over: Partial<AccessConfig>): AccessConfig => ({ ...DEFAULT_ACCESS, ...over });

describe('access limits', () => {
  test('room creation: a burst per address, then refused with a retry time; another address goes on; the bucket refills', () => {
    const time = clock();
    const limiter = new AccessLimiter(config({ create: { burst: 3, perSecond: 0.5 } }), time.now);
    for (let i = 0; i < 3; i++) expect(limiter.create('10.0.0.1')).toBeNull();
    const refused = limiter.create('10.0.0.1');
    expect(refused).toEqual({ retryAfterSeconds: 2, message: 'Too many rooms were created just now: try again in 2 seconds.' });
    expect(limiter.create('10.0.0.2')).toBeNull();
    time.advance(1_000);
    expect(limiter.create('10.0.0.1')?.retryAfterSeconds).toBe(1);
    time.advance(1_000);
    expect(limiter.create('10.0.0.1')).toBeNull();
  });

  test('room creation: the global ceiling holds many addresses back, and a refused request takes no token of its address', () => {
    const time = clock();
    const limiter = new AccessLimiter(config({ create: { burst: 2, perSecond: 1 }, createGlobal: { burst: 4, perSecond: 1 } }), time.now);
    for (const address of ['a', 'b', 'c', 'd']) expect(limiter.create(address)).toBeNull();
    expect(limiter.create('e')?.retryAfterSeconds).toBe(1);
    time.advance(1_000);
    // The global bucket has one token again; 'e' was refused before, so its own bucket is still full.
    expect(limiter.create('e')).toBeNull();
    expect(limiter.create('e')).not.toBeNull();
  });

  test('joins count per room and address and per room: another room, or the same room from another address, is not held back by one address', () => {
    const time = clock();
    const limiter = new AccessLimiter(config({ join: { burst: 2, perSecond: 1 }, joinRoom: { burst: 3, perSecond: 1 } }), time.now);
    expect(limiter.join('room-1', 'office')).toBeNull();
    expect(limiter.join('room-1', 'office')).toBeNull();
    expect(limiter.join('room-1', 'office')?.message).toBe('Too many people joined this room just now: try again in 1 second.');
    expect(limiter.join('room-2', 'office')).toBeNull();
    expect(limiter.join('room-1', 'home')).toBeNull();
    // The room's own bucket (3) is empty now, whoever asks.
    expect(limiter.join('room-1', 'cafe')).not.toBeNull();
  });

  test('WebSocket connects count per room and address', () => {
    const limiter = new AccessLimiter(config({ connect: { burst: 1, perSecond: 1 } }), clock().now);
    expect(limiter.connect('room-1', 'office')).toBeNull();
    expect(limiter.connect('room-1', 'office')?.retryAfterSeconds).toBe(1);
    expect(limiter.connect('room-2', 'office')).toBeNull();
  });

  test('the buckets kept are capped: past the cap the least recently used one goes (and comes back full)', () => {
    const time = clock();
    const buckets = new KeyedBuckets({ burst: 1, perSecond: 0.001 }, 2, time.now);
    expect(buckets.bucket('a').take()).toBe(true);
    expect(buckets.bucket('b').take()).toBe(true);
    expect(buckets.bucket('a').take()).toBe(false); // 'a' is now the most recently used
    expect(buckets.bucket('c').take()).toBe(true); // 'b' goes
    expect(buckets.size).toBe(2);
    expect(buckets.bucket('a').take()).toBe(false);
    expect(buckets.bucket('b').take()).toBe(true); // back, full
    const limiter = new AccessLimiter(config({ maxKeys: 10 }), time.now);
    for (let i = 0; i < 1000; i++) limiter.create(`198.51.100.${i}`);
    expect(limiter.keys.create).toBe(10);
  });

  test('every limit is read from its variable; unset or empty keeps the default; a bad value is refused with its name', () => {
    expect(accessConfigFromEnv({})).toEqual(DEFAULT_ACCESS);
    const read = accessConfigFromEnv({
      LADDER_LIMIT_CREATE_BURST: '10', LADDER_LIMIT_CREATE_PER_SECOND: '0.5', LADDER_LIMIT_CREATE_GLOBAL_BURST: '20',
      LADDER_LIMIT_CREATE_GLOBAL_PER_SECOND: '2', LADDER_LIMIT_JOIN_BURST: '30', LADDER_LIMIT_JOIN_PER_SECOND: '3',
      LADDER_LIMIT_JOIN_ROOM_BURST: '40', LADDER_LIMIT_JOIN_ROOM_PER_SECOND: '4', LADDER_LIMIT_CONNECT_BURST: '50',
      LADDER_LIMIT_CONNECT_PER_SECOND: '5', LADDER_LIMIT_KEYS: '60', LADDER_INVITE_TTL_DAYS: '7', LADDER_TRUST_PROXY: '1',
    });
    expect(read).toEqual({
      create: { burst: 10, perSecond: 0.5 }, createGlobal: { burst: 20, perSecond: 2 }, join: { burst: 30, perSecond: 3 },
      joinRoom: { burst: 40, perSecond: 4 }, connect: { burst: 50, perSecond: 5 }, maxKeys: 60, inviteTtlMs: 7 * 86_400_000, trustProxy: 1,
    });
    expect(accessConfigFromEnv({ LADDER_LIMIT_CREATE_BURST: '' }).create.burst).toBe(300);
    for (const [name, value] of [['LADDER_LIMIT_CREATE_BURST', '2.5'], ['LADDER_LIMIT_JOIN_PER_SECOND', '0'], ['LADDER_INVITE_TTL_DAYS', 'soon'], ['LADDER_TRUST_PROXY', '-1']]) {
      expect(() => accessConfigFromEnv({ [name as string]: value })).toThrow(ConfigError);
      expect(() => accessConfigFromEnv({ [name as string]: value })).toThrow(`${name}=${value} is not valid`);
    }
  });

  test('the client address: the socket\'s unless proxies are trusted, then that many hops back in X-Forwarded-For', () => {
    expect(clientAddress('10.0.0.9', '203.0.113.7', 0)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', '203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', 'spoofed, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', 'spoofed, 203.0.113.7, 10.0.0.8', 2)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
    expect(clientAddress(undefined, ['198.51.100.1', '203.0.113.7'], 1)).toBe('203.0.113.7');
  });
});
