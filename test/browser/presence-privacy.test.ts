import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

type Cursor = { x: number; y: number } | null;

describe('browser: a live cursor never gives a blind vote away', () => {
  const board = useBoardHarness();

  it('over the estimation panel the cursor is withheld from the others; back on the canvas it is shared again', async () => {
    const room = await createRoom(board.ladder.url, 'Cursor privacy room');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Backlog script');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: script.token, contentType: 'text/csv', body: 'title\nSearch\n',
    });
    expect(imported.status).toBe(200);
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    const pia = await board.join(room.links.product, 'Pia Product');
    await waitForRanking(pia.page, (r) => r.length === 1);

    // An observer's stock client records every cursor Pia's presence carries.
    const observer = await joinRoom(board.ladder.url, room.roomId, room.invites.observer, 'Olga Observer');
    const spy = await board.writer(room.roomId, observer.token);
    const seen: Cursor[] = [];
    const awareness = spy.provider.awareness;
    awareness.on('change', () => {
      awareness.getStates().forEach((state) => {
        const s = state as { user?: { name?: string }; presence?: { cursor?: Cursor } | null };
        if (s.user?.name === 'Pia Product' && s.presence) seen.push(s.presence.cursor ?? null);
      });
    });
    const latest = () => seen.at(-1);

    const moveOnCanvas = async (page: Page, dx: number) => {
      const canvas = (await page.locator('.tl-canvas').boundingBox())!;
      await page.mouse.move(canvas.x + canvas.width / 2 + dx, canvas.y + canvas.height - 120, { steps: 4 });
    };
    await moveOnCanvas(pia.page, 0);
    await moveOnCanvas(pia.page, 40);
    await eventually(async () => latest(), { until: (c) => c !== undefined && c !== null, what: 'Pia\'s cursor on the canvas is shared', timeout: 30_000 });

    await fay.page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await fay.page.getByRole('button', { name: 'Start round' }).click();
    const round = pia.page.locator('section[data-estimation-round]');
    await round.getByRole('radiogroup', { name: 'Your vote: Business value' }).waitFor();

    // Pia moves onto the panel: the others get her presence without a cursor …
    const first = (await round.getByRole('radio', { name: 'Business value 1', exact: true }).boundingBox())!;
    await pia.page.mouse.move(first.x + first.width / 2, first.y + first.height / 2, { steps: 4 });
    await eventually(async () => latest(), { until: (c) => c === null, what: 'the cursor is withheld over the panel', timeout: 30_000 });
    const from = seen.length;
    // … and while she hovers and clicks her votes, no cursor position reaches them.
    for (const label of ['Business value 13', 'Time criticality 2', 'Risk reduction 8', 'Job size 5']) {
      const box = (await round.getByRole('radio', { name: label, exact: true }).boundingBox())!;
      await pia.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 });
      await pia.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    await eventually(() => round.getByRole('radio', { name: 'Job size 5', exact: true }).getAttribute('aria-checked'), { until: (v) => v === 'true', what: 'Pia voted', timeout: 30_000 });

    // Back on the canvas in one jump, her cursor is shared again. That cursor is the marker: her presence reaches the
    // others in the order she sends it, so a cursor leaked over the panel would have arrived before it.
    const canvas = (await pia.page.locator('.tl-canvas').boundingBox())!;
    await pia.page.mouse.move(canvas.x + canvas.width / 2 + 80, canvas.y + canvas.height - 120);
    // (Until the pointer's new place is known, the canvas may share the last one it had before the panel.)
    const key = (c: Cursor | null | undefined) => JSON.stringify(c);
    const beforePanel = key(seen.slice(0, from).filter((c) => c !== null).at(-1));
    const back = await eventually(async () => latest(), {
      until: (c) => c !== undefined && c !== null && key(c) !== beforePanel, what: 'the cursor is shared again on the canvas', timeout: 30_000,
    });
    expect(seen.slice(from).filter((c) => c !== null && key(c) !== beforePanel && key(c) !== key(back))).toEqual([]);
    expect(fay.errors).toEqual([]);
    expect(pia.errors).toEqual([]);
  }, 120_000);
});
