import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFeature, deleteFeature, setMeta, setTheme, updateFeature } from '@ladder/board-doc';
import { saveScreenshot } from '../support/browser';
import { sleep, waitFor } from '../support/clients';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { until, waitForRanking } from './board';
import { useBoardHarness } from './harness';

interface Box { top: number; bottom: number; left: number; right: number }

/** The ranking list's visible box and the boxes of the rows entirely inside it. */
async function rowsInView(page: Page): Promise<{ list: Box; rows: { id: string; box: Box }[] }> {
  return page.evaluate(() => {
    // Runs in the page; described structurally because this package has no DOM types.
    type El = { getBoundingClientRect(): Box; dataset: Record<string, string | undefined> };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): El | null; querySelectorAll(s: string): El[] } }).document;
    const box = (el: El) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
    const list = box(doc.querySelector('.ranking__list') as El);
    const rows = [...doc.querySelectorAll('.ranking__list [data-ranking-row]')]
      .map((el) => ({ id: el.dataset.featureId ?? '', box: box(el) }))
      .filter((r) => r.box.top >= list.top - 0.5 && r.box.bottom <= list.bottom + 0.5);
    return { list, rows };
  });
}

/** The boxes of every element matching `selector`, in document order. */
async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.locator(selector).evaluateAll((els) => els.map((el) => {
    const r = (el as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  }));
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('browser: the ranking panel and the history panel keep their content in view', () => {
  const board = useBoardHarness();

  it('with capacity, guardrails, a committed feature, CD3 and cut-line notices open, five rows stay in view; notices can be dismissed and go with their feature or the capacity', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.4 layout');
    const fran = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fran');
    const { doc } = await board.writer(room.roomId, fran.token);
    const ctx = () => ({ participantId: fran.participantId, now: Date.now() });
    const timeline = async () => {
      const answer = await api(board.ladder.url, `/api/rooms/${room.roomId}/history/timeline`, { token: fran.token });
      return (answer.json as { points: { seq: number }[] }).points;
    };

    // Twelve features of two points each, F-01 best; F-01 and F-02 also carry CD3 data (in the opposite order).
    const values = [20, 20, 13, 13, 8, 8, 5, 5, 3, 3, 2, 2];
    doc.transact(() => values.forEach((bv, i) => {
      const id = `F-${String(i + 1).padStart(2, '0')}`;
      createFeature(doc, {
        id,
        title: `Feature ${i + 1}`,
        userBusinessValue: bv,
        timeCriticality: i % 2 === 0 ? 3 : 2,
        riskReduction: 1,
        jobSize: 2,
        theme: i % 3 === 0 ? 'Growth' : 'Enablers',
        ...(i === 0 ? { costPerWeek: 1000, durationWeeks: 4 } : i === 1 ? { costPerWeek: 9000, durationWeeks: 2 } : {}),
      }, ctx());
    }));
    // The board as it stood before any capacity: the point to restore later.
    const beforeCapacity = await waitFor(async () => (await timeline()).at(-1)?.seq ?? null, 10_000, () => 'the features were not stored');
    await sleep(200);
    // Capacity 10: F-01…F-05 fit. Two themes with guardrails, and F-08 committed though below the line.
    setMeta(doc, { capacity: 10 });
    setTheme(doc, 'Enablers', { colour: '#2d6cdf', minShare: 0.4 });
    setTheme(doc, 'Growth', { colour: '#0b6e4c', maxShare: 0.3 });
    updateFeature(doc, 'F-08', { committed: true }, ctx());

    const lars = await board.join(room.links.portfolio, 'Lars');
    const page = lars.page;
    await waitForRanking(page, (r) => r.length === 12 && r[0]?.id === 'F-01');
    await page.locator('[data-committed-below="F-08"]').waitFor();
    await page.locator('[data-guardrail="Growth"]').waitFor();
    // Everything a portfolio manager opens in a session: themes, notes, the CD3 comparison.
    await page.getByText('Themes and guardrails').click();
    await page.getByText(/^Decision notes/).click();
    await page.getByRole('radio', { name: 'CD3' }).click();

    // Three edits by Fran each lift a feature from below the line to the top: six crossings.
    for (const id of ['F-10', 'F-11', 'F-12']) {
      updateFeature(doc, id, { userBusinessValue: 20, timeCriticality: 20, riskReduction: 20 }, ctx());
      await until(() => page.locator(`[data-cut-line-notice="above"][data-feature-id="${id}"]`).count(), (n) => n === 1, `${id} rose above the cut line`);
    }
    await saveScreenshot(page, 'panel-layout-crowded');

    // At most three notices show; the older ones are counted in one line.
    expect(await page.locator('[data-cut-line-notice]').count()).toBe(3);
    expect(await page.locator('[data-cut-line-more]').getAttribute('data-cut-line-more')).toBe('3');

    // Whatever is open above, at least five whole rows of the ranking are in view.
    const view = await rowsInView(page);
    expect(view.rows.length, `rows in view in a list of ${Math.round(view.list.bottom - view.list.top)} px`).toBeGreaterThanOrEqual(5);

    // CD3: only F-01 and F-02 have CD3 data; they are the only ones compared, the ten others are counted in one line.
    expect(await page.locator('[data-model-disagreement]').evaluateAll((els) => els.map((el) => (el as unknown as { dataset: Record<string, string> }).dataset.modelDisagreement))).toEqual(['F-01', 'F-02']);
    expect(await page.locator('[data-cd3-missing]').textContent()).toBe('10 of 12 ranked features have no CD3 data: not compared.');

    // Opening a row near the bottom of what is in view scrolls its estimate controls into view.
    const last = view.rows.at(-1)?.id ?? '';
    await page.locator(`.ranking__list [data-ranking-row][data-feature-id="${last}"] .rank-row__main`).click();
    const controls = `.ranking__list [data-estimate][data-feature-id="${last}"]`;
    await page.locator(controls).first().waitFor();
    await until(async () => {
      const list = (await rowsInView(page)).list;
      const shown = await boxes(page, controls);
      return shown.length === 4 && shown.every((b) => b.top >= list.top - 0.5 && b.bottom <= list.bottom + 0.5);
    }, (ok) => ok, `the estimate controls of ${last} in view`);
    await saveScreenshot(page, 'panel-layout-row-open');
    await page.locator(`.ranking__list [data-ranking-row][data-feature-id="${last}"] .rank-row__main`).click();

    // A notice can be dismissed.
    const newest = page.locator('[data-cut-line-notice]').first();
    const newestText = await newest.textContent();
    await page.getByRole('button', { name: `Dismiss: ${newestText}` }).click();
    await until(() => page.locator('[data-cut-line-notice]').allTextContents(), (t) => !t.includes(newestText ?? ''), 'the dismissed notice gone');

    // A notice goes with the feature it names.
    expect(await page.locator('[data-cut-line-notice][data-feature-id="F-11"]').count()).toBe(1);
    deleteFeature(doc, 'F-11');
    await until(() => page.locator('[data-cut-line-notice][data-feature-id="F-11"]').count(), (n) => n === 0, 'the notice of a deleted feature gone');
    expect(await page.locator('[data-cut-line-notice]').count()).toBeGreaterThan(0);

    // A restore to the board before the capacity: no cut line, no notices.
    const restored = await api(board.ladder.url, `/api/rooms/${room.roomId}/restore`, { method: 'POST', token: fran.token, body: { seq: beforeCapacity, note: 'back to the start' } });
    expect(restored.status).toBe(200);
    await until(() => page.locator('[data-cut-line]').count(), (n) => n === 0, 'the cut line gone after the restore');
    await until(() => page.locator('[data-cut-line-notice], [data-cut-line-more]').count(), (n) => n === 0, 'the notices gone after the restore');
    await saveScreenshot(page, 'panel-layout-restored');
    expect(lars.errors).toEqual([]);
  }, 180_000);

  it('the history list stays clear of the canvas toolbar and the licence link, its times on one line', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.4 history');
    const fran = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fran');
    const { doc } = await board.writer(room.roomId, fran.token);
    doc.transact(() => {
      for (let i = 1; i <= 30; i += 1) createFeature(doc, { id: `H-${i}`, title: `A feature with a longer title number ${i}`, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 5 }, { participantId: fran.participantId, now: Date.now() });
    });
    const member = await board.join(room.links.facilitator, 'Fran');
    const page = member.page;
    await waitForRanking(page, (r) => r.length === 30);
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    await until(() => page.locator('[data-history-event]').count(), (n) => n >= 30, 'the history listed');
    // Scrolled to its end: the last change sits above the canvas toolbar and the licence link.
    await page.locator('.history').evaluate((el) => { const e = el as unknown as { scrollTop: number; scrollHeight: number }; e.scrollTop = e.scrollHeight; });
    await page.locator('[data-history-event]').last().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'panel-layout-history-bottom');
    const [toolbar] = await boxes(page, '.tlui-main-toolbar');
    const [licence] = await boxes(page, '[data-testid="tl-watermark-unlicensed"], [data-testid="tl-watermark-licensed"]');
    expect(toolbar).toBeDefined();
    expect(licence).toBeDefined();
    const events = await boxes(page, '[data-history-event]');
    const [history] = await boxes(page, '.history');
    const visible = events.filter((b) => b.bottom > (history?.top ?? 0) && b.top < (history?.bottom ?? 0));
    expect(visible.length).toBeGreaterThan(5);
    for (const b of visible) {
      expect(overlap(b, toolbar as Box), 'a change under the canvas toolbar').toBe(false);
      expect(overlap(b, licence as Box), 'a change under the licence link').toBe(false);
    }
    // Each time on one line, and every text starting at the same place.
    const times = await boxes(page, '[data-history-event] time');
    const texts = await boxes(page, '[data-history-event] .history-event > :nth-child(2)');
    const lineHeight = Math.min(...times.map((b) => b.bottom - b.top));
    expect(lineHeight).toBeLessThan(24);
    expect(times.filter((b) => b.bottom - b.top > lineHeight + 1)).toEqual([]);
    expect(new Set(texts.map((b) => Math.round(b.left))).size).toBe(1);
    expect(member.errors).toEqual([]);
  }, 120_000);
});
