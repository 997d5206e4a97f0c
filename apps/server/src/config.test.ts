import { describe, expect, test } from 'vitest';
import { DEFAULT_ACCESS } from './access/limits';
import { DEFAULT_WEB_DIR, loadConfig } from './config';
import { ConfigError } from './errors';

describe('loadConfig', () => {
  test('defaults as in CONTRACT.md', () => {
    expect(loadConfig({})).toEqual({
      port: 8080, host: '0.0.0.0', dataDir: './data', databaseUrl: null, redisUrl: null, secret: null, publicUrl: null,
      maxFrameBytes: 1024 * 1024, snapshotEvery: 500, maxRoomBytes: 32 * 1024 * 1024, webDir: DEFAULT_WEB_DIR, logLevel: 'info', access: DEFAULT_ACCESS,
    });
    expect(DEFAULT_WEB_DIR).toMatch(/apps[/\\]web[/\\]dist$/);
  });

  test('reads every variable', () => {
    const config = loadConfig({
      PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://db', REDIS_URL: 'redis://r', LADDER_SECRET: 's',
      PUBLIC_URL: 'https://ladder.example.com/', LADDER_MAX_FRAME_BYTES: '2048', LADDER_SNAPSHOT_EVERY: '10', LADDER_MAX_ROOM_BYTES: '100000', LADDER_WEB_DIR: '/w', LOG_LEVEL: 'warn',
      LADDER_INVITE_TTL_DAYS: '1',
    });
    expect(config).toEqual({
      port: 0, host: '127.0.0.1', dataDir: '/tmp/x', databaseUrl: 'postgres://db', redisUrl: 'redis://r', secret: 's',
      publicUrl: 'https://ladder.example.com', maxFrameBytes: 2048, snapshotEvery: 10, maxRoomBytes: 100_000, webDir: '/w', logLevel: 'warn',
      access: { ...DEFAULT_ACCESS, inviteTtlMs: 86_400_000 },
    });
  });

  test('invalid values are refused with a message that says what to set', () => {
    for (const env of [{ PORT: 'eighty' }, { PORT: '70000' }, { LADDER_SNAPSHOT_EVERY: '0' }, { LADDER_MAX_ROOM_BYTES: '10' }, { LOG_LEVEL: 'loud' }, { PUBLIC_URL: 'ftp://x' }, { LADDER_LIMIT_CREATE_BURST: 'many' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
    }
  });
});
