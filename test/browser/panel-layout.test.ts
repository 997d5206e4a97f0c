import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFeature, deleteFeature, setMeta, setTheme, updateFeature } from '@ladder/board-doc';
import { saveScreenshot } from '../support/browser';
import { sleep } from '../support/clients';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { addFeatures, openTools, waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

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

/**
 * The panel's areas with everything open: the portfolio tools (`tools`), the alerts right above the rows, the ranking
 * list and the rows whole in it; `escaped` names every element of the tools area drawn outside the tools area's own
 * box (its box clipped by the scroll areas around it), and `hits` what the pointer finds inside the alerts and the list.
 */
async function panelLayout(page: Page): Promise<{ tools: Box; alerts: Box; list: Box; rows: number; escaped: string[]; strayHits: string[] }> {
  const areas = await page.evaluate(() => {
    // Runs in the page; described structurally because this package has no DOM types.
    type El = {
      getBoundingClientRect(): Box; parentElement: El | null; className: unknown; tagName: string; textContent: string | null;
      querySelectorAll(s: string): El[]; closest(s: string): El | null; contains(other: El): boolean;
    };
    const g = globalThis as unknown as {
      document: { querySelector(s: string): El | null; elementFromPoint(x: number, y: number): El | null };
      getComputedStyle(el: El): { overflowX: string; overflowY: string; display: string; visibility: string };
    };
    const box = (el: El): Box => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
    const tools = g.document.querySelector('.portfolio') as El;
    const alerts = g.document.querySelector('.cut-alerts') as El;
    const list = g.document.querySelector('.ranking__list') as El;
    const clip = (a: Box, b: Box): Box => ({ top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom), left: Math.max(a.left, b.left), right: Math.min(a.right, b.right) });
    const toolsBox = box(tools);
    const name = (el: El) => `${el.tagName.toLowerCase()}.${String(el.className)} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
    // What of each element is drawn: its box cut by every ancestor that clips (a scroll area clips at its edge).
    const escaped: string[] = [];
    for (const el of tools.querySelectorAll('*')) {
      const style = g.getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      let drawn = box(el);
      for (let a = el.parentElement; a && drawn.bottom > drawn.top && drawn.right > drawn.left; a = a.parentElement) {
        const s = g.getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') drawn = clip(drawn, box(a));
      }
      if (drawn.bottom - drawn.top < 0.5 || drawn.right - drawn.left < 0.5) continue;
      if (drawn.top < toolsBox.top - 0.5 || drawn.bottom > toolsBox.bottom + 0.5) escaped.push(name(el));
    }
    // The pointer over the alerts finds the alerts, over the list the list: nothing else is drawn on top of them.
    const strayHits: string[] = [];
    for (const [area, self] of [[alerts, '.cut-alerts'], [list, '.ranking__list']] as const) {
      const b = clip(box(area), { top: 0, bottom: 1e6, left: 0, right: 1e6 });
      for (let y = b.top + 1; y < b.bottom - 1; y += 4) {
        for (let x = b.left + 2; x < b.right - 2; x += 16) {
          const hit = g.document.elementFromPoint(x, y);
          if (hit && !hit.closest(self)) strayHits.push(`${self} at ${Math.round(x)},${Math.round(y)}: ${name(hit)}`);
        }
      }
    }
    return { tools: toolsBox, alerts: box(alerts), escaped, strayHits: strayHits.slice(0, 10) };
  });
  const view = await rowsInView(page);
  return { ...areas, list: view.list, rows: view.rows.length };
}

/** Waits until the ranking's rows have finished moving (their reorder animation shifts their boxes while it runs). */
async function rowsSettled(page: Page): Promise<void> {
  await eventually(() => page.locator('.ranking__list').evaluate((el) => (el as unknown as { getAnimations(o: { subtree: boolean }): unknown[] }).getAnimations({ subtree: true }).length), { until: (n) => n === 0, what: 'the rows settled', timeout: 30_000 });
}

/** With everything open, the panel's areas stay apart and at least `minRows` whole rows of the ranking are in view. */
async function expectPanelApart(page: Page, minRows: number, size: string): Promise<void> {
  // Whatever the tools area is scrolled to: its top, its middle, its end.
  for (const at of ['top', 'middle', 'end'] as const) {
    await page.locator('.portfolio').evaluate((el, where) => {
      const e = el as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number };
      const end = e.scrollHeight - e.clientHeight;
      e.scrollTop = where === 'top' ? 0 : where === 'middle' ? Math.round(end / 2) + 7 : end;
    }, at);
    await rowsSettled(page);
    // Where the bar cuts its content, an edge shadow is drawn over it (only where there is more to scroll to; with the
    // tools in their drawer the bar usually fits whole).
    const overflows = await page.locator('.portfolio').evaluate((el) => {
      const e = el as unknown as { scrollHeight: number; clientHeight: number };
      return e.scrollHeight > e.clientHeight + 1;
    });
    const edges = { top: overflows && at !== 'top', bottom: overflows && at !== 'end' };
    await eventually(() => page.locator('.portfolio').evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { opacity: string } }).getComputedStyle;
      return { top: style(el, '::before').opacity === '1', bottom: style(el, '::after').opacity === '1' };
    }), { until: (shown) => shown.top === edges.top && shown.bottom === edges.bottom, what: `${size}, tools scrolled to the ${at}: edge shadows ${JSON.stringify(edges)}`, timeout: 30_000 });
    const layout = await panelLayout(page);
    expect(layout.escaped, `${size}, tools scrolled to the ${at}: tools drawn outside their own area`).toEqual([]);
    expect(layout.strayHits, `${size}, tools scrolled to the ${at}: something drawn over the alerts or the list`).toEqual([]);
    expect(layout.alerts.top, `${size}: the alerts start below the tools area`).toBeGreaterThanOrEqual(layout.tools.bottom - 0.5);
    expect(overlap(layout.alerts, layout.list), `${size}: the alerts overlap the list`).toBe(false);
    expect(layout.list.top, `${size}: the list starts below the alerts`).toBeGreaterThanOrEqual(layout.alerts.bottom - 0.5);
    expect(layout.rows, `${size}: whole rows in view in a list of ${Math.round(layout.list.bottom - layout.list.top)} px`).toBeGreaterThanOrEqual(minRows);
    // Nothing of the panel is pushed out of the window: Recent changes ends inside it.
    // The bar above (capacity, guardrails, scale health) shows all of itself: it does not scroll on its own.
    const bar = await page.locator('.portfolio').evaluate((el) => {
      const e = el as unknown as { scrollHeight: number; clientHeight: number };
      return { content: e.scrollHeight, shown: e.clientHeight };
    });
    expect(bar.content, `${size}: the bar above the ranking cut to ${bar.shown} of its ${bar.content} px`).toBeLessThanOrEqual(bar.shown + 1);
    const [activity] = await boxes(page, '.activity');
    expect(activity?.bottom ?? Infinity, `${size}: Recent changes inside the window`).toBeLessThanOrEqual((page.viewportSize()?.height ?? 0) + 1);
  }
}

/**
 * The portfolio tools' drawer: inside the window, clear of the ranking panel, and every form field and note in it whole
 * (inside the drawer's width; the drawer scrolls for the rest of its height).
 */
async function expectToolsWhole(page: Page, size: string): Promise<void> {
  const [drawer] = await boxes(page, '[data-tools-drawer]');
  const [ranking] = await boxes(page, '.ranking');
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  expect(drawer, `${size}: the tools' drawer is open`).toBeDefined();
  if (!drawer || !ranking) return;
  expect(drawer.left, `${size}: the drawer starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(drawer.bottom, `${size}: the drawer ends inside the window`).toBeLessThanOrEqual(viewport.height + 0.5);
  expect(drawer.right, `${size}: the drawer stays clear of the ranking`).toBeLessThanOrEqual(ranking.left + 0.5);
  const parts = await boxes(page, '[data-tools-drawer] input, [data-tools-drawer] select, [data-tools-drawer] button, [data-tools-drawer] [data-note-id]');
  expect(parts.length, `${size}: the drawer has its forms`).toBeGreaterThan(5);
  const cut = parts.filter((b) => b.right > b.left && (b.left < drawer.left - 0.5 || b.right > drawer.right + 0.5));
  expect(cut, `${size}: fields or notes cut by the drawer's edge`).toEqual([]);
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('browser: the ranking panel and the history panel keep their content in view', () => {
  const board = useBoardHarness();

  it('with capacity, guardrails, a committed feature, CD3 and cut-line notices open, nothing overlaps and five rows stay in view at 1440×900, four at 1280×720; notices can be dismissed and go with their feature or the capacity', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.4 layout');
    const fran = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Pat Importer');
    const { doc } = await board.writer(room.roomId, fran.token);
    const ctx = () => ({ participantId: fran.participantId, now: Date.now() });
    const timeline = async () => {
      const answer = await api(board.ladder.url, `/api/rooms/${room.roomId}/history/timeline`, { token: fran.token });
      return (answer.json as { points: { seq: number }[] }).points;
    };

    // Twelve features of two points each with a team and a theme, F-01 best; F-01 and F-02 also carry CD3 data (in the
    // opposite order).
    const values = [20, 20, 13, 13, 8, 8, 5, 5, 3, 3, 2, 2];
    doc.transact(() => values.forEach((bv, i) => {
      const id = `F-${String(i + 1).padStart(2, '0')}`;
      createFeature(doc, {
        id,
        title: `Feature ${i + 1} of the checkout`,
        team: i % 2 === 0 ? 'Payments' : 'Platform',
        userBusinessValue: bv,
        timeCriticality: i % 2 === 0 ? 3 : 2,
        riskReduction: 1,
        jobSize: 2,
        theme: i % 3 === 0 ? 'Growth' : 'Enablers',
        ...(i === 0 ? { costPerWeek: 1000, durationWeeks: 4 } : i === 1 ? { costPerWeek: 9000, durationWeeks: 2 } : {}),
      }, ctx());
    }));
    // The board as it stood before any capacity: the point to restore later.
    const beforeCapacity = await eventually(async () => (await timeline()).at(-1)?.seq ?? null, { timeout: 10_000, what: () => 'the features were not stored' });
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
    // Everything a portfolio manager opens in a session: the tools' drawer with themes and notes, the CD3 comparison.
    await openTools(page);
    await page.getByText('Themes and guardrails').click();
    await page.getByText(/^Decision notes/).click();
    await page.getByRole('radio', { name: 'CD3' }).click();
    await expectToolsWhole(page, '1440×900');

    // Three edits by Pat each lift a feature from below the line to the top: six crossings.
    for (const id of ['F-10', 'F-11', 'F-12']) {
      updateFeature(doc, id, { userBusinessValue: 20, timeCriticality: 20, riskReduction: 20 }, ctx());
      await eventually(() => page.locator(`[data-cut-line-notice="above"][data-feature-id="${id}"]`).count(), { until: (n) => n === 1, what: `${id} rose above the cut line`, timeout: 30_000 });
    }
    await rowsSettled(page);
    await saveScreenshot(page, 'panel-layout-crowded');

    // At most two notices show at this height (three on a taller screen); the older ones are counted in one line.
    expect(await page.locator('[data-cut-line-notice]').count()).toBe(2);
    expect(await page.locator('[data-cut-line-more]').getAttribute('data-cut-line-more')).toBe('4');
    // Every one of them is whole in the tools' drawer (Show all opens it), none cut to an ellipsis.
    await page.locator('[data-cut-line-all]').click();
    await eventually(() => page.locator('[data-cut-line-whole]').count(), { until: (n) => n === 6, what: 'the six crossings listed whole', timeout: 30_000 });
    expect(await page.locator('[data-cut-line-whole] > span').evaluateAll((els) => els.filter((el) => {
      const e = el as unknown as { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number };
      return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
    }).length)).toBe(0);

    // Whatever is open above, nothing overlaps and at least five whole rows of the ranking are in view at 1440×900…
    await expectPanelApart(page, 5, '1440×900');
    // …and at least four on a 1280×720 screen, where the tools and the notices give way first.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('.portfolio').evaluate((el) => { (el as unknown as { scrollTop: number }).scrollTop = 0; });
    await saveScreenshot(page, 'panel-layout-crowded-1280');
    await expectPanelApart(page, 4, '1280×720');
    await expectToolsWhole(page, '1280×720');
    await page.locator('.portfolio').evaluate((el) => { const e = el as unknown as { scrollTop: number; scrollHeight: number }; e.scrollTop = e.scrollHeight; });
    await saveScreenshot(page, 'panel-layout-crowded-1280-tools-end');
    // The projector's size: more rows, the same order.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectPanelApart(page, 6, '1920×1080');
    await expectToolsWhole(page, '1920×1080');
    await saveScreenshot(page, 'panel-layout-crowded-1920');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('.portfolio').evaluate((el) => { const e = el as unknown as { scrollTop: number; scrollHeight: number }; e.scrollTop = e.scrollHeight; });
    await saveScreenshot(page, 'panel-layout-crowded-tools-end');
    const view = await rowsInView(page);

    // CD3: only F-01 and F-02 have CD3 data; they are the only ones compared, the ten others are counted in one line.
    expect(await page.locator('[data-model-disagreement]').evaluateAll((els) => els.map((el) => (el as unknown as { dataset: Record<string, string> }).dataset.modelDisagreement))).toEqual(['F-01', 'F-02']);
    expect(await page.locator('[data-cd3-missing]').textContent()).toBe('10 of 12 ranked features have no CD3 data: not compared.');

    // Opening a row near the bottom of what is in view scrolls its estimate controls into view.
    const last = view.rows.at(-1)?.id ?? '';
    await page.locator(`.ranking__list [data-ranking-row][data-feature-id="${last}"] .rank-row__main`).click();
    const controls = `.ranking__list [data-estimate][data-feature-id="${last}"]`;
    await page.locator(controls).first().waitFor();
    await eventually(async () => {
      const list = (await rowsInView(page)).list;
      const shown = await boxes(page, controls);
      return shown.length === 4 && shown.every((b) => b.top >= list.top - 0.5 && b.bottom <= list.bottom + 0.5);
    }, { until: (ok) => ok, what: `the estimate controls of ${last} in view`, timeout: 30_000 });
    await saveScreenshot(page, 'panel-layout-row-open');
    await page.locator(`.ranking__list [data-ranking-row][data-feature-id="${last}"] .rank-row__main`).click();

    // A notice can be dismissed.
    const newest = page.locator('[data-cut-line-notice]').first();
    const newestText = await newest.textContent();
    await page.getByRole('button', { name: `Dismiss: ${newestText}` }).click();
    await eventually(() => page.locator('[data-cut-line-notice]').allTextContents(), { until: (t) => !t.includes(newestText ?? ''), what: 'the dismissed notice gone', timeout: 30_000 });

    // A notice goes with the feature it names.
    expect(await page.locator('[data-cut-line-notice][data-feature-id="F-11"]').count()).toBe(1);
    deleteFeature(doc, 'F-11');
    await eventually(() => page.locator('[data-cut-line-notice][data-feature-id="F-11"]').count(), { until: (n) => n === 0, what: 'the notice of a deleted feature gone', timeout: 30_000 });
    expect(await page.locator('[data-cut-line-notice]').count()).toBeGreaterThan(0);

    // A restore to the board before the capacity: no cut line, no notices.
    const restored = await api(board.ladder.url, `/api/rooms/${room.roomId}/restore`, { method: 'POST', token: fran.token, body: { seq: beforeCapacity, note: 'back to the start' } });
    expect(restored.status).toBe(200);
    await eventually(() => page.locator('[data-cut-line]').count(), { until: (n) => n === 0, what: 'the cut line gone after the restore', timeout: 30_000 });
    await eventually(() => page.locator('[data-cut-line-notice], [data-cut-line-more]').count(), { until: (n) => n === 0, what: 'the notices gone after the restore', timeout: 30_000 });
    await saveScreenshot(page, 'panel-layout-restored');
    expect(lars.errors).toEqual([]);
  }, 180_000);

  it('cards open clear of what floats over the canvas (page menu, Estimation, History, toolbar) at 1280×720, 1440×900 and 1920×1080', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.4 fresh');
    const member = await board.join(room.links.facilitator, 'Fran');
    const page = member.page;
    const floating = '.tlui-menu-zone, .estimation, .history-toggle, .tlui-main-toolbar';
    // The first cards of a fresh room are framed as they arrive; a reload frames the ones already there.
    await page.setViewportSize({ width: 1280, height: 720 });
    // Twelve: rows enough that the frame is bound by the height, where the controls above and below take room.
    await addFeatures(page, ['Checkout redesign with a long title', ...Array.from({ length: 11 }, (_, i) => `Feature ${i + 2}`)]);
    for (const [width, height] of [[1280, 720], [1440, 900], [1920, 1080]] as const) {
      if (width !== 1280) {
        await page.setViewportSize({ width, height });
        await page.reload();
      }
      const size = `${width}×${height}`;
      // Framing animates (250 ms): wait until the cards stand still over two reads further apart than that.
      const cards = await eventually(async () => JSON.stringify(await boxes(page, '[data-card-feature-id]')), {
        until: (() => { let last = ''; return (now: string) => { const same = now === last && now !== '[]'; last = now; return same; }; })(),
        what: `${size}: the cards framed`, timeout: 30_000, interval: 400,
      }).then((json) => JSON.parse(json) as Box[]);
      expect(cards.length, size).toBe(12);
      const controls = await boxes(page, floating);
      expect(controls.length, `${size}: the floating controls found`).toBe(4);
      await saveScreenshot(page, `panel-layout-fresh-${width}`);
      for (const card of cards) {
        expect(controls.filter((c) => overlap(c, card)), `${size}: a floating control over a card`).toEqual([]);
      }
    }
    expect(member.errors).toEqual([]);
  }, 120_000);

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
    await eventually(() => page.locator('[data-history-event]').count(), { until: (n) => n >= 30, what: 'the history listed', timeout: 30_000 });
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
