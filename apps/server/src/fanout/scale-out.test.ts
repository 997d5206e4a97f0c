import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors';
import { decodeFanout, encodeFanout, FANOUT_AWARENESS, FANOUT_UPDATE } from './codec';
import { healthOf, openFanout, openPostgres, scaleOutOptionsFromEnv } from './scale-out';

const logger = pino({ level: 'silent' });

describe('scale-out configuration', () => {
  test('reads the schema and the Redis prefix; empty means unset', () => {
    expect(scaleOutOptionsFromEnv({})).toEqual({});
    expect(scaleOutOptionsFromEnv({ LADDER_DATABASE_SCHEMA: ' ', LADDER_REDIS_PREFIX: '' })).toEqual({});
    expect(scaleOutOptionsFromEnv({ LADDER_DATABASE_SCHEMA: 'ladder_prod', LADDER_REDIS_PREFIX: 'acme:ladder:' }))
      .toEqual({ databaseSchema: 'ladder_prod', redisPrefix: 'acme:ladder:' });
  });

  test('a schema that is not an identifier, or a prefix with spaces, is refused with the variable named', () => {
    expect(() => scaleOutOptionsFromEnv({ LADDER_DATABASE_SCHEMA: 'x"; DROP SCHEMA public' })).toThrow(/LADDER_DATABASE_SCHEMA/);
    expect(() => scaleOutOptionsFromEnv({ LADDER_DATABASE_SCHEMA: '1abc' })).toThrow(ConfigError);
    expect(() => scaleOutOptionsFromEnv({ LADDER_REDIS_PREFIX: 'a b' })).toThrow(/LADDER_REDIS_PREFIX/);
  });

  test('URLs of the wrong kind, and Redis without a shared secret, are refused before anything connects', async () => {
    await expect(openPostgres('mysql://db/ladder', {})).rejects.toThrow(ConfigError);
    expect(() => openFanout('http://cache:6379', 'secret', {}, logger)).toThrow(/REDIS_URL/);
    expect(() => openFanout('redis://cache:6379', null, {}, logger)).toThrow(/LADDER_SECRET/);
  });

  test('without PostgreSQL (SQLite) /healthz stays the plain {ok:true}', async () => {
    expect(await healthOf({}, null)()).toEqual({ ok: true });
  });
});

describe('fan-out messages', () => {
  test('round-trip kind, node id, seq and payload', () => {
    const payload = new Uint8Array([0, 1, 2, 255]);
    expect(decodeFanout(encodeFanout({ kind: FANOUT_UPDATE, nodeId: 'node-a', seq: 70_000, payload })))
      .toEqual({ kind: FANOUT_UPDATE, nodeId: 'node-a', seq: 70_000, payload });
    expect(decodeFanout(encodeFanout({ kind: FANOUT_AWARENESS, nodeId: '', seq: 0, payload: new Uint8Array(0) }))?.kind).toBe(FANOUT_AWARENESS);
  });

  test('bytes that are not a message of ours are ignored, not thrown on', () => {
    expect(decodeFanout(new Uint8Array([]))).toBeNull();
    expect(decodeFanout(new Uint8Array([9, 0, 0]))).toBeNull();
    expect(decodeFanout(new TextEncoder().encode('hello from someone else'))).toBeNull();
    const valid = encodeFanout({ kind: FANOUT_UPDATE, nodeId: 'n', seq: 3, payload: new Uint8Array([1]) });
    expect(decodeFanout(new Uint8Array([...valid, 7]))).toBeNull();
    expect(decodeFanout(valid.slice(0, valid.length - 1))).toBeNull();
  });
});
