import { describe, expect, it } from 'vitest';
import { createRoom } from '../support/server';
import { saveScreenshot } from '../support/browser';
import { addFeatures, cardOf, readRanking, scoreOnCard, setOnCard, waitForRanking, waitOnline } from './board';
import { useBoardHarness } from './harness';

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
    // Apart, each sees only its own edit.
    await online.page.waitForTimeout(1000);
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
});
