import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresMap } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { api } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { cardOf, setOnCard, waitForRanking, waitOnline } from './board';
import { useBoardHarness } from './harness';

// An estimate set offline that meets a newer live one: the room keeps the live value; the author's screen says so and
// offers Apply mine anyway, the facilitator's lists it; applying it makes the author's value stand everywhere.

interface ApiFeature { id: string; userBusinessValue: number | null }

describe('browser: an offline edit meeting a newer one is kept aside, and can be applied anyway', () => {
  const board = useBoardHarness();

  it('the author sees the conflict with Apply mine anyway; the facilitator sees it too', async () => {
    const room = await createRoom(board.ladder.url, 'Conflicts in the room');
    const fay = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fay Facilitator');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: fay.token, contentType: 'text/csv', body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,8,5,3,2\n',
    });
    expect(imported.status, imported.text).toBe(200);
    const ann = await board.join(room.links.product, 'Ann Offline');
    const facilitator = await board.join(room.links.facilitator, 'Fay Screen');
    const [row] = await waitForRanking(ann.page, (r) => r.length === 1);
    const id = (row as { id: string }).id;
    await cardOf(ann.page, id);
    const ben = await joinRoom(board.ladder.url, room.roomId, room.invites.portfolio, 'Ben Live');
    const benClient = await board.writer(room.roomId, ben.token);

    await ann.context.setOffline(true);
    await ann.page.locator('[data-connection="offline"]').waitFor({ timeout: 15_000 });
    await setOnCard(ann.page, id, 'userBusinessValue', 13);
    // Ben, online, sets 3 after Ann's offline edit.
    benClient.doc.transact(() => (featuresMap(benClient.doc).get(id) as Y.Map<unknown>).set('userBusinessValue', 3));
    const value = async () => ((await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: fay.token })).json as { features: ApiFeature[] }).features[0]?.userBusinessValue;
    await eventually(value, { until: (v) => v === 3, what: 'Ben\'s 3 in the room' });

    await ann.context.setOffline(false);
    await waitOnline(ann.page);
    const mine = ann.page.locator(`[data-conflict="${id}"][data-conflict-mine]`);
    await mine.waitFor({ timeout: 30_000 });
    expect(await mine.textContent()).toContain('Your 13 for Business value of “Checkout” was kept aside: Ben Live set 3');
    // The room kept 3: on Ann's own card too.
    const annCard = ann.page.locator(`.card [data-estimate="userBusinessValue"][data-feature-id="${id}"]`);
    await eventually(() => annCard.locator('[data-value="3"]').getAttribute('aria-checked'), { until: (v) => v === 'true', what: 'Ann\'s card back at 3', timeout: 30_000 });
    expect(await value()).toBe(3);
    // The facilitator's screen lists it (after the next change it sees, or when it loads).
    await facilitator.page.reload();
    await waitOnline(facilitator.page);
    const listed = facilitator.page.locator(`[data-conflict="${id}"]`);
    await listed.waitFor({ timeout: 30_000 });
    expect(await listed.textContent()).toContain('Ann Offline\'s 13 for Business value of “Checkout” was kept aside: the board has 3 (set by Ben Live)');
    expect(await listed.locator('[data-conflict-apply]').count()).toBe(0);
    await saveScreenshot(ann.page, 'conflict-kept-aside');

    await mine.locator('[data-conflict-apply]').click();
    await eventually(value, { until: (v) => v === 13, what: 'Ann\'s 13 applied anyway' });
    await eventually(() => featuresMap(benClient.doc).get(id)?.get('userBusinessValue'), { until: (v) => v === 13, what: 'Ann\'s 13 at Ben' });
    await mine.waitFor({ state: 'detached', timeout: 15_000 });
    const history = (await api(board.ladder.url, `/api/rooms/${room.roomId}/history`, { token: fay.token })).json as { events: { kind: string; field: string | null; name: string; from: unknown; to: unknown }[] };
    expect(history.events.filter((e) => e.field === 'userBusinessValue').map((e) => [e.kind, e.name, e.from, e.to]).slice(-2))
      .toEqual([['conflict', 'Ann Offline', 3, 13], ['changed', 'Ann Offline', 3, 13]]);
    expect(ann.errors).toEqual([]);
  }, 180_000);
});
