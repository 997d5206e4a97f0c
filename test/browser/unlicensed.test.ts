import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually } from '@ladder/testing';
import { launchBrowser, saveScreenshot } from '../support/browser';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { selfSignedCertificate, startTlsProxy, type TlsProxy } from '../support/tls-proxy';
import { cardOf, downloaded, readRanking, setOnCard, waitForRanking, waitOnline } from './board';
import { useBoardHarness } from './harness';

// tldraw 5 without a licence key, in what it counts as production (https, a host that is not loopback), hides its
// editor 5 s after mounting and reports the page's address to cdn.tldraw.com. The production build served here has no
// key: over https on a real host name the room must open on the card board, never mount tldraw, never go blank and
// request nothing from another host; over http on 127.0.0.1 the same room keeps the canvas.

const HOST = 'board.ladder.test';

const CSV = [
  'title,team,theme,userBusinessValue,timeCriticality,riskReduction,jobSize',
  'Checkout,Payments,Conversion,13,8,5,3',
  'Search,Discovery,Conversion,8,5,3,5',
  'Audit log,Platform,Compliance,3,2,8,8',
  'Single sign-on for partner portals,Platform,,2,1,1,13',
].join('\n');

describe('browser: without a tldraw licence, a production host gets the card board', () => {
  const board = useBoardHarness();
  let proxy: TlsProxy;
  let browser: Browser;

  beforeAll(async () => {
    proxy = await startTlsProxy(board.ladder.port, selfSignedCertificate(HOST));
    // This test's own Chromium: the host name resolves to the proxy, and its self-signed certificate is accepted.
    browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, '--ignore-certificate-errors']);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
  });

  /** A room with four imported, scored features; their ids by title. */
  async function importedRoom(title: string) {
    const room = await createRoom(board.ladder.url, title);
    const fay = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fay Facilitator');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, { token: fay.token, contentType: 'text/csv', body: CSV });
    expect(imported.status, imported.text).toBe(200);
    expect((imported.json as { created: number }).created).toBe(4);
    const ranking = await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: fay.token });
    const ids = new Map((ranking.json as { features: { id: string; title: string }[] }).features.map((f) => [f.title, f.id]));
    return { room, ids };
  }

  /** The cards on the card board, top to bottom and left to right, with the lane each is in. */
  const cardOrder = (page: Page) => page.locator('.board--cards [data-card-feature-id]').evaluateAll((cards) => cards.map((card) => {
    // Runs in the page; described structurally because this package has no DOM types.
    const el = card as unknown as { dataset: Record<string, string | undefined>; closest(s: string): { dataset: Record<string, string | undefined> } | null };
    return { id: el.dataset.cardFeatureId ?? '', lane: el.closest('[data-lane]')?.dataset.lane ?? null };
  }));
  const checked = (page: Page, id: string) => page.locator(`.card [data-feature-id="${id}"] [aria-checked="true"]`).allTextContents();

  it('over https on a real host name: cards with their estimates, no tldraw, nothing from other hosts, lanes and exports', async () => {
    const { room, ids } = await importedRoom('Unlicensed room');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    board.onCleanup(() => context.close());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Every address the page asks for, from the first load on (scripts, fetches, images, sockets, the service worker).
    const requested: string[] = [];
    context.on('request', (r) => requested.push(r.url()));
    page.on('websocket', (ws) => requested.push(ws.url()));
    // From the first load on, the page records whether tldraw's canvas was ever mounted (what blanks an unlicensed
    // board after 5 s) and whether the card board was ever taken away again: a record, not a wait for the 5 s.
    await context.addInitScript(`
      window.__ladderBoard = { canvasMounted: false, boardRemoved: false };
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) if (n.nodeType === 1 && (n.matches('.tl-container') || n.querySelector('.tl-container'))) window.__ladderBoard.canvasMounted = true;
          for (const n of r.removedNodes) if (n.nodeType === 1 && (n.matches('[data-card-board]') || n.querySelector('[data-card-board]'))) window.__ladderBoard.boardRemoved = true;
        }
      }).observe(document, { childList: true, subtree: true });
    `);

    const origin = `https://${HOST}:${proxy.port}`;
    await page.goto(`${origin}/r/${room.roomId}?invite=${room.invites.product}`);
    await page.getByLabel('Your name').fill('Pat Product');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await waitOnline(page);

    // The card board says why, in one line, and how to get the canvas.
    const note = page.locator('.card-board__note');
    await note.waitFor({ timeout: 30_000 });
    expect(await note.textContent()).toBe('Card board: the canvas needs a tldraw licence key on this host (set VITE_TLDRAW_LICENSE_KEY at build time — see docs/operations.md).');
    // One line on a laptop's screen.
    expect((await note.boundingBox())!.height).toBeLessThan(40);
    // The imported features as cards, in rank order, with their estimates.
    await waitForRanking(page, (r) => r.length === 4 && r.every((x) => x.rank !== null));
    const ranked = (await readRanking(page)).map((r) => r.id);
    await eventually(() => cardOrder(page), { until: (c) => c.map((x) => x.id).join() === ranked.join(), what: 'the cards in rank order', timeout: 30_000 });
    expect(await checked(page, ids.get('Checkout')!)).toEqual(['13', '8', '5', '3']);
    expect(await checked(page, ids.get('Audit log')!)).toEqual(['3', '2', '8', '8']);
    expect(await page.locator(`[data-card-feature-id="${ids.get('Search')}"] .card__wsjf`).textContent()).toBe('WSJF 3.20');
    // tldraw is not mounted at all.
    expect(await page.locator('.tl-container, .tl-canvas').count()).toBe(0);
    await saveScreenshot(page, 'unlicensed-card-board');

    // An estimate clicked on a card changes the ranking, and the grid follows it.
    const sso = ids.get('Single sign-on for partner portals')!;
    expect(ranked.at(-1)).toBe(sso);
    await setOnCard(page, sso, 'jobSize', 1);
    await setOnCard(page, sso, 'userBusinessValue', 20);
    await waitForRanking(page, (r) => r[0]?.id === sso && r[0]?.rank === 1);
    await eventually(() => cardOrder(page), { until: (c) => c[0]?.id === sso, what: 'the card of the new first in front', timeout: 30_000 });
    expect(await page.locator(`[data-card-feature-id="${sso}"] .card__rank`).textContent()).toBe('#1');

    // What blanks an unlicensed board is tldraw's canvas: it was never mounted, and the card board never went away.
    expect(await page.evaluate('window.__ladderBoard')).toEqual({ canvasMounted: false, boardRemoved: false });
    for (const id of ids.values()) expect(await page.locator(`[data-card-feature-id="${id}"]`).isVisible(), id).toBe(true);
    expect(await page.locator('[data-testid="tl-license-expired"]').count()).toBe(0);

    // Lanes group the grid under headings.
    await page.getByLabel('Arrange cards in lanes').selectOption('theme');
    const lanes = await eventually(() => cardOrder(page), { until: (c) => c.every((x) => x.lane !== null), what: 'every card in a lane', timeout: 30_000 });
    expect(await page.locator('.card-board__lane-name').allTextContents()).toEqual(['Compliance 1', 'Conversion 2', 'No theme 1']);
    expect(Object.fromEntries(lanes.map((c) => [c.id, c.lane]))).toEqual({
      [ids.get('Checkout')!]: 'Conversion', [ids.get('Search')!]: 'Conversion', [ids.get('Audit log')!]: 'Compliance', [sso]: 'No theme',
    });
    await saveScreenshot(page, 'unlicensed-card-board-lanes');

    // SVG and PNG export: files drawn from the ranking, in the lanes shown.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the board as SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe('unlicensed-room-board.svg');
    const svgText = (await downloaded(svg)).toString('utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    for (const title of ['Checkout', 'Search', 'Audit log']) expect(svgText).toContain(`>${title}<`);
    // A title too long for the card is shortened with an ellipsis.
    expect(svgText).toMatch(/>Single sign-on for [^<]*…</);
    expect(svgText).toContain('>Compliance (1)<');
    expect(svgText).toContain('>WSJF 22<');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the board as PNG' }).click()]);
    expect((await downloaded(png)).subarray(1, 4).toString()).toBe('PNG');
    // The SVG as a viewer would draw it (opened as an image in the page, nothing fetched).
    const view = await context.newPage();
    await view.setContent(`<body style="margin:0"><img src="data:image/svg+xml;base64,${Buffer.from(svgText).toString('base64')}"></body>`);
    await saveScreenshot(view, 'unlicensed-card-board-export');
    await view.close();

    // Nothing went to any host but this one.
    const elsewhere = requested.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).host !== `${HOST}:${proxy.port}`);
    expect(elsewhere).toEqual([]);
    expect(requested.some((url) => url.startsWith(`wss://${HOST}:${proxy.port}/`))).toBe(true);
    // Through lanes and exports too, the canvas never came and the card board never went.
    expect(await page.evaluate('window.__ladderBoard')).toEqual({ canvasMounted: false, boardRemoved: false });
    expect(errors).toEqual([]);
  }, 120_000);

  it('the same room over http on 127.0.0.1 keeps the tldraw canvas; ?cards opens the card board there too', async () => {
    const { room, ids } = await importedRoom('Licensed-by-context room');
    const { page, errors } = await board.join(room.links.product, 'Lee Local');
    await page.locator('.tl-container').waitFor({ timeout: 30_000 });
    await cardOf(page, ids.get('Checkout')!);
    expect(await page.locator('.card-board__note, .board--cards').count()).toBe(0);
    expect(await checked(page, ids.get('Checkout')!)).toEqual(['13', '8', '5', '3']);
    // `?cards` in the address asks for the card board anyway (a slow laptop, a projector).
    await page.goto(`${board.ladder.url}/r/${room.roomId}?cards`);
    await waitOnline(page);
    await page.locator('.card-board__note').waitFor({ timeout: 30_000 });
    expect(await page.locator('.card-board__note').textContent()).toBe('Card board, as asked by ?cards in the address: remove ?cards to open the canvas.');
    await eventually(() => cardOrder(page), { until: (c) => c.length === 4, what: 'the four cards on the card board', timeout: 30_000 });
    expect(await page.locator('.tl-container').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);
});
