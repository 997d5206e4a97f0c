import { describe, expect, it } from 'vitest';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { saveScreenshot } from '../support/browser';
import { addFeatures, cardOf, readRanking, scoreOnCard, setOnCard, waitForRanking, waitOnline } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

interface ApiFeature { id: string; title: string; rank: number | null; userBusinessValue: number | null; jobSize: number | null }

describe('browser: nothing is lost on reload or a bad network', () => {
  const board = useBoardHarness();

  it('a reload keeps the session, the features, the estimates and the cards', async () => {
    const room = await createRoom(board.ladder.url, 'Reload room');
    const alice = await board.join(room.links.product, 'Alice');
    const ids = await addFeatures(alice.page, ['Checkout v2', 'Search relevance', 'Audit log']);
    await cardOf(alice.page, ids.get('Audit log')!);
    await scoreOnCard(alice.page, ids.get('Search relevance')!, [13, 8, 5, 3]);
    await scoreOnCard(alice.page, ids.get('Checkout v2')!, [3, 2, 1, 8]);
    const before = await waitForRanking(alice.page, (r) => r.filter((x) => x.rank !== null).length === 2);

    await alice.page.reload();
    expect(new URL(alice.page.url()).search).toBe(''); // joined: the invite is gone from the address
    await waitOnline(alice.page);
    expect(await alice.page.getByLabel('Your name').count()).toBe(0);
    const after = await waitForRanking(alice.page, (r) => r.length === 3);
    expect(after).toEqual(before);
    for (const id of ids.values()) await cardOf(alice.page, id);
    expect(await alice.page.locator('.card').count()).toBe(3);
    await saveScreenshot(alice.page, 'offline-after-reload');
  }, 150_000);

  it('edits made offline are kept and merged on reconnect', async () => {
    const room = await createRoom(board.ladder.url, 'Flaky network');
    const online = await board.join(room.links.product, 'Olivia Online');
    const flaky = await board.join(room.links.portfolio, 'Fred Flaky');
    const ids = await addFeatures(online.page, ['Mobile app', 'Partner API']);
    const mobile = ids.get('Mobile app')!;
    const partner = ids.get('Partner API')!;
    await cardOf(flaky.page, partner);

    await flaky.context.setOffline(true);
    await flaky.page.locator('[data-connection="offline"]').waitFor({ timeout: 15_000 });
    await scoreOnCard(flaky.page, partner, [8, 8, 8, 3]);
    await scoreOnCard(online.page, mobile, [2, 2, 2, 2]);
    await saveScreenshot(flaky.page, 'offline-while-offline');
    // Apart, each sees only its own edit. Marker: the server's ranking has the online edit, made after the offline
    // one: the offline edit would have gone the same way first. Once Olivia's screen shows her own edit ranked, it has
    // every change the server sent before.
    const reader = await joinRoom(board.ladder.url, room.roomId, room.invites.observer, 'Marker reader');
    const served = await eventually(() => api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: reader.token }), {
      until: (answer) => (answer.json as { features: ApiFeature[] }).features.some((f) => f.id === mobile && f.rank !== null),
      what: 'the online edit reaches the server',
    });
    expect((served.json as { features: ApiFeature[] }).features.find((f) => f.id === partner)?.rank).toBe(null);
    await waitForRanking(online.page, (r) => r.find((x) => x.id === mobile)?.rank === 1);
    expect((await readRanking(online.page)).find((r) => r.id === partner)?.rank).toBe(null);
    expect((await readRanking(flaky.page)).find((r) => r.id === mobile)?.rank).toBe(null);

    await flaky.context.setOffline(false);
    await waitOnline(flaky.page);
    const expected = [[partner, 1], [mobile, 2]];
    const a = await waitForRanking(online.page, (r) => r[0]?.id === partner && r[1]?.rank === 2);
    const b = await waitForRanking(flaky.page, (r) => r[0]?.id === partner && r[1]?.rank === 2);
    expect(a.map((r) => [r.id, r.rank])).toEqual(expected);
    expect(b).toEqual(a);
    // A later edit on either side still flows.
    await setOnCard(online.page, partner, 'jobSize', 20);
    await waitForRanking(flaky.page, (r) => r[0]?.id === mobile);
    await saveScreenshot(flaky.page, 'offline-merged');
  }, 150_000);
  it('an edit made offline is kept in the browser when the tab is closed, and reaches the room when the board is opened again', async () => {
    const room = await createRoom(board.ladder.url, 'Closed while offline');
    const online = await board.join(room.links.product, 'Olivia Online');
    const flaky = await board.join(room.links.portfolio, 'Fred Flaky');
    const ids = await addFeatures(online.page, ['Offline estimate']);
    const feature = ids.get('Offline estimate')!;
    await cardOf(flaky.page, feature);
    const stored = () => flaky.page.evaluate(`new Promise((resolve, reject) => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('ladder:session:'));
      const session = JSON.parse(localStorage.getItem(key));
      const open = indexedDB.open('ladder:' + key.slice('ladder:session:'.length) + ':' + session.participantId);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const count = open.result.transaction('updates').objectStore('updates').count();
        count.onsuccess = () => { resolve(count.result); open.result.close(); };
      };
    })`) as Promise<number>;

    await flaky.context.setOffline(true);
    await flaky.page.locator('[data-connection="offline"]').waitFor({ timeout: 15_000 });
    const before = await stored();
    await scoreOnCard(flaky.page, feature, [13, 8, 5, 2]);
    // The four estimates are written to this browser's IndexedDB before the tab goes.
    await eventually(stored, { until: (n) => n >= before + 4, what: 'offline edits stored in IndexedDB', timeout: 30_000 });
    await saveScreenshot(flaky.page, 'offline-before-closing');
    await flaky.page.close();
    expect((await readRanking(online.page)).find((r) => r.id === feature)?.rank).toBe(null);

    await flaky.context.setOffline(false);
    const again = await flaky.context.newPage();
    await again.goto(`${board.ladder.url}/r/${room.roomId}`);
    await waitOnline(again);
    const seen = await waitForRanking(online.page, (r) => r[0]?.id === feature && r[0]?.rank === 1);
    expect(seen).toHaveLength(1);
    await eventually(() => online.page.locator(`[data-ranking-row][data-feature-id="${feature}"]`).textContent(), { until: (t) => !!t?.includes('BV 13') && t.includes('JS 2'), what: 'the offline values on the other screen', timeout: 30_000 });
    await saveScreenshot(online.page, 'offline-closed-tab-merged');
  }, 150_000);
  it('the board opens offline once visited: a reload without a network comes up from this browser, and an edit made then reaches the room', async () => {
    const room = await createRoom(board.ladder.url, 'Offline shell');
    const reader = await joinRoom(board.ladder.url, room.roomId, room.invites.observer, 'Rita Reader');
    const apiRanking = async () => ((await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: reader.token })).json as { features: ApiFeature[] }).features;
    const alice = await board.join(room.links.product, 'Alice');
    const ids = await addFeatures(alice.page, ['Offline checkout', 'Offline search']);
    const checkout = ids.get('Offline checkout')!;
    for (const id of ids.values()) await cardOf(alice.page, id);

    // The first visit installs the offline shell; it controls the page once it has cached the board's files.
    const worker = await alice.page.evaluate(`Promise.race([(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
      return { script: registration.active.scriptURL, controlled: navigator.serviceWorker.controller !== null };
    })(), new Promise((resolve) => setTimeout(() => resolve('no service worker controls the page after 30 s'), 30000))])`) as unknown;
    expect(worker).toEqual({ script: `${board.ladder.url}/sw.js`, controlled: true });

    await alice.context.setOffline(true);
    await alice.page.locator('[data-connection="offline"]').waitFor({ timeout: 15_000 });
    // The worker itself has no network either, so what follows comes from its cache, not the server.
    const [sw] = alice.context.serviceWorkers();
    expect(await sw!.evaluate(`fetch('/healthz').then(() => 'reached', () => 'unreachable')`)).toBe('unreachable');

    const reloaded = await alice.page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    const badge = alice.page.locator('[data-connection="offline"]');
    await badge.waitFor({ timeout: 30_000 });
    expect(await badge.textContent()).toContain('Offline: changes are kept on this device');
    const rows = await waitForRanking(alice.page, (r) => r.length === 2);
    expect(rows.map((r) => r.title).sort()).toEqual(['Offline checkout', 'Offline search']);
    for (const id of ids.values()) await cardOf(alice.page, id);
    expect(await alice.page.getByLabel('Your name').count()).toBe(0);

    await scoreOnCard(alice.page, checkout, [13, 8, 5, 2]);
    await waitForRanking(alice.page, (r) => r[0]?.id === checkout && r[0]?.rank === 1);
    await saveScreenshot(alice.page, 'offline-reloaded-offline');
    expect((await apiRanking()).find((f) => f.id === checkout)?.rank).toBe(null);

    await alice.context.setOffline(false);
    await waitOnline(alice.page);
    const seen = await eventually(apiRanking, { until: (f) => f.find((x) => x.id === checkout)?.rank === 1, what: 'the offline estimate in the room', timeout: 30_000 });
    expect(seen.find((f) => f.id === checkout)).toMatchObject({ userBusinessValue: 13, jobSize: 2 });
    expect(alice.errors).toEqual([]);
  }, 150_000);
});
