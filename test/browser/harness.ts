import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectBrowser } from '../support/browser';
import { connectClient, type SyncClient } from '../support/clients';
import type { LadderServer, StartOptions } from '../support/server';
import { useLadder } from '../support/use-ladder';
import { joinAs, localLink, type Member } from './board';

export interface BoardHarness {
  /** The server of this file's tests (usable once `beforeAll` has run). */
  readonly ladder: LadderServer;
  readonly browser: Browser;
  /** Joins through an invite link as issued (pointing at PUBLIC_URL) under `name`; closed after the test. */
  join(link: string, name: string): Promise<Member>;
  /** Something else to close after the test (clients, temporary folders), before the browser and server go. */
  onCleanup(close: () => unknown): void;
  /** A stock sync client in `roomId` with `token`, synced; destroyed after the test. */
  writer(roomId: string, token: string): Promise<SyncClient>;
}

/**
 * The life of a browser test file: one Ladder server (in process) and its worker's Chromium for its tests; every member,
 * client and folder a test opened is closed when that test ends, whatever failed.
 */
export function useBoardHarness(options: StartOptions = {}): BoardHarness {
  // Registered first, so its stop runs after the members and the browser are closed.
  const ladder = useLadder(options);
  let browser: Browser | undefined;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    // This worker's Chromium (started by the project's setup); every person a test plays gets a fresh context in it.
    const endpoints = inject('chromiumEndpoints');
    const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
    browser = await connectBrowser(endpoints[worker % endpoints.length] as string);
  });
  // Everything a test opened goes when it ends: an open board keeps drawing frames, and would slow every later test.
  const closeAll = async () => {
    // The contexts this file's connection opened (members, and those a test made itself), then the rest.
    const contexts = browser?.contexts() ?? [];
    for (const close of [...contexts.map((context) => () => context.close()), ...cleanups.splice(0).reverse()]) {
      try {
        await close();
      } catch {
        // Closing what a failed test left half-open must not hide that test's own error.
      }
    }
  };
  afterEach(closeAll);
  afterAll(async () => {
    await closeAll();
    await browser?.close();
  });

  const harness: BoardHarness = {
    ladder,
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet: use the harness inside a test');
      return browser;
    },
    async join(link, name) {
      const member = await joinAs(harness.browser, localLink(link, harness.ladder.url), name);
      cleanups.push(() => member.context.close());
      return member;
    },
    onCleanup(close) {
      cleanups.push(close);
    },
    async writer(roomId, token) {
      const client = connectClient(harness.ladder.wsUrl, roomId, token);
      cleanups.push(() => client.destroy());
      await client.synced;
      return client;
    },
  };
  return harness;
}
