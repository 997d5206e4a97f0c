import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRoom, repoRoot } from '../support/server';
import { saveScreenshot } from '../support/browser';
import { addFeatures, cardOf, openTools, scoreOnCard, setOnCard, waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

/** Each ranking row's feature id and whether it is above the cut line, top to bottom. */
async function cutState(page: Page): Promise<string[]> {
  return page.locator('[data-ranking-row]').evaluateAll((rows) => rows.map((row) => {
    const el = row as unknown as { dataset: Record<string, string | undefined> };
    return `${el.dataset.featureId}:${el.dataset.inCapacity ?? '-'}`;
  }));
}

/** Where the cut line marker sits: the id of the row right after it, or null when there is none. */
async function rowAfterCutLine(page: Page): Promise<string | null> {
  return page.locator('[data-cut-line] + [data-ranking-row]').first().getAttribute('data-feature-id', { timeout: 1_000 }).catch(() => null);
}

describe('browser: capacity and the cut line', () => {
  const board = useBoardHarness();

  it('a capacity draws the cut line; an estimate change moves it and every screen names who moved what across it', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.3 portfolio');
    const product = await board.join(room.links.product, 'Priya Product');
    // Lars runs the session from the portfolio side with the facilitator's link: room settings are the facilitator's.
    const portfolio = await board.join(room.links.facilitator, 'Lars Portfolio');
    const ids = await addFeatures(product.page, ['Checkout', 'Search', 'Reports']);
    const [checkout, search, reports] = ['Checkout', 'Search', 'Reports'].map((t) => ids.get(t)!) as [string, string, string];
    for (const id of [checkout, search, reports]) await cardOf(product.page, id);
    await scoreOnCard(product.page, checkout, [8, 5, 3, 2]); // WSJF 8, 2 points
    await scoreOnCard(product.page, search, [5, 3, 2, 5]); // WSJF 2, 5 points
    await scoreOnCard(product.page, reports, [3, 2, 1, 8]); // WSJF 0.75, 8 points
    await saveScreenshot(product.page, 'portfolio-scored');
    await waitForRanking(portfolio.page, (r) => r.map((x) => x.id).join() === [checkout, search, reports].join() && r[2]?.rank === 3);
    // No capacity yet: no cut line and no in/out marks.
    expect(await product.page.locator('[data-cut-line]').count()).toBe(0);
    expect(await cutState(product.page)).toEqual([`${checkout}:-`, `${search}:-`, `${reports}:-`]);

    // The product manager cannot change the capacity (a room setting); Lars sets 7 points: Checkout (2) and Search (5)
    // fit, Reports does not.
    expect(await product.page.getByLabel('Capacity of the planning interval in job-size points').getAttribute('readonly')).not.toBeNull();
    const input = portfolio.page.getByLabel('Capacity of the planning interval in job-size points');
    await input.fill('7');
    await input.press('Enter');
    const expected = [`${checkout}:true`, `${search}:true`, `${reports}:false`];
    await eventually(() => cutState(portfolio.page), { until: (s) => s.join() === expected.join(), what: 'cut line on the portfolio screen', timeout: 30_000 });
    expect(await rowAfterCutLine(portfolio.page)).toBe(reports);
    await eventually(() => product.page.getByLabel('Capacity of the planning interval in job-size points').inputValue(), { until: (v) => v === '7', what: 'the capacity on the product screen', timeout: 30_000 });

    // Portfolio cuts the job size of Reports to 1 (WSJF 6): it rises above Search, which falls below the line.
    // The product manager marks this ranking as the point to measure churn from.
    // Churn, notes and themes are in the portfolio tools' drawer beside the ranking.
    await openTools(product.page);
    await product.page.getByRole('button', { name: 'Mark this ranking as the point to measure churn from' }).click();
    await product.page.locator('[data-churn="point"][data-moves="0"]').waitFor();
    await cardOf(portfolio.page, reports);
    await setOnCard(portfolio.page, reports, 'jobSize', 1);
    const moved = [`${checkout}:true`, `${reports}:true`, `${search}:false`];
    await eventually(() => cutState(product.page), { until: (s) => s.join() === moved.join(), what: 'cut line moved on the product screen', timeout: 30_000 });
    expect(await rowAfterCutLine(product.page)).toBe(search);
    // Churn: since the mark, Reports and Search swapped (one of three pairs flipped). The session started (in the
    // server's history) with the room's first ranking, Checkout alone: since then Search and Reports came in.
    expect(await product.page.locator('[data-churn="point"]').getAttribute('data-moves')).toBe('2');
    expect(await product.page.locator('[data-churn="point"]').textContent()).toMatch(/^since .* \(marked\): 33 % · 2 moved$/);
    await eventually(() => product.page.locator('[data-churn="start"]').getAttribute('data-moves'), { until: (m) => m === '2', what: 'churn since the session started', timeout: 30_000 });
    // A screen that joins now measures from the same start, not from the moment it joined.
    const late = await board.join(room.links.observer, 'Olga Observer');
    await openTools(late.page);
    await eventually(() => late.page.locator('[data-churn="start"]').getAttribute('data-moves'), { until: (m) => m === '2', what: 'churn since the start on a screen that joined late', timeout: 30_000 });
    expect(await late.page.locator('[data-churn="start"]').getAttribute('data-churn-from')).toBe(await product.page.locator('[data-churn="start"]').getAttribute('data-churn-from'));
    // Both screens name the features that crossed (by title and id), and whose edit it was.
    for (const [page, who] of [[product.page, "Lars Portfolio's edit"], [portfolio.page, 'your edit']] as const) {
      await eventually(() => page.locator('[data-cut-line-notice]').allTextContents(), { until: (t) => t.some((x) => x === `Search (${search}) fell below the cut line after ${who}`), what: 'fell-below notice', timeout: 30_000 });
      await eventually(() => page.locator('[data-cut-line-notice="above"]').allTextContents(), { until: (t) => t.some((x) => x.startsWith(`Reports (${reports}) rose above the cut line`)), what: 'rose-above notice', timeout: 30_000 });
    }
    const shot = await saveScreenshot(product.page, 'portfolio-cut-line');
    if (process.env.LADDER_UPDATE_DOC_SCREENSHOTS === '1') {
      mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(shot, join(repoRoot, 'docs', 'screenshots', 'portfolio.png'));
    }

    // A guardrail: at least 20 % of the capacity for enablers; nothing above the line is an enabler, so it is broken everywhere.
    const lars = portfolio.page;
    await openTools(lars);
    await lars.getByText('Themes and guardrails').click();
    await lars.getByLabel("Theme name (as in the features' Theme field)").fill('Enablers');
    await lars.getByLabel('At least this percent of capacity').fill('20');
    await lars.getByRole('button', { name: 'Save the theme' }).click();
    await product.page.locator('[data-guardrail="Enablers"][data-ok="false"]').waitFor();
    // The saved theme is listed with its guardrail; a minimum above the maximum is refused in the form's words.
    await eventually(() => lars.locator('[data-theme="Enablers"]').textContent(), { until: (t) => t === 'Enablersmin 20 %Remove', what: 'saved theme listed', timeout: 30_000 });
    await lars.getByLabel("Theme name (as in the features' Theme field)").fill('Platform');
    await lars.getByLabel('At least this percent of capacity').fill('40');
    await lars.getByLabel('At most this percent of capacity').fill('20');
    await lars.getByRole('button', { name: 'Save the theme' }).click();
    await lars.getByRole('alert').filter({ hasText: 'The minimum share (min %) must not be above the maximum share (max %).' }).waitFor();
    expect(await lars.getByRole('alert').allTextContents()).not.toContainEqual(expect.stringContaining('minShare'));
    await lars.getByLabel('At least this percent of capacity').fill('10');
    await lars.getByRole('button', { name: 'Save the theme' }).click();
    await product.page.locator('[data-guardrail="Platform"]').waitFor();
    await saveScreenshot(lars, 'portfolio-themes');
    // Removing a theme takes its guardrail away on every screen.
    await lars.getByRole('button', { name: 'Remove theme Platform' }).click();
    await eventually(() => product.page.locator('[data-guardrail="Platform"]').count(), { until: (n) => n === 0, what: 'removed theme gone', timeout: 30_000 });
    expect(await lars.locator('[data-theme]').count()).toBe(1);
    // A decision note about Reports shows on the other screen.
    await lars.getByText(/^Decision notes/).click();
    await lars.getByLabel('Feature the note is about').selectOption(reports);
    await lars.getByRole('textbox', { name: 'Decision note' }).fill('Reports re-sliced: the export alone ships in May');
    await lars.getByRole('button', { name: 'Add the decision note' }).click();
    await eventually(() => product.page.locator('[data-note-id]').allTextContents(), { until: (t) => t.some((x) => x === `Lars Portfolio · ${reports}: Reports re-sliced: the export alone ships in May`), what: 'note on the product screen', timeout: 30_000 });
    // Lars puts the tools away to work on the cards behind them.
    await lars.getByRole('button', { name: 'Close the portfolio tools' }).click();
    await lars.locator('[data-tools-drawer]').waitFor({ state: 'detached' });

    // The CD3 view says there is no CD3 data yet rather than flagging every feature.
    await product.page.getByRole('radio', { name: 'CD3' }).click();
    await product.page.locator('[data-cd3-empty]').waitFor();
    expect(await product.page.locator('[data-model-disagreement]').count()).toBe(0);
    await product.page.getByRole('radio', { name: 'SAFe WSJF' }).click();

    // Clearing the capacity removes the line.
    await input.fill('');
    await input.press('Enter');
    await eventually(() => portfolio.page.locator('[data-cut-line]').count(), { until: (n) => n === 0, what: 'cut line gone', timeout: 30_000 });

    // Churn since a chosen time: the ranking as it stood in this second (Checkout, Reports, Search) …
    const second = Math.floor(Date.now() / 1000) * 1000;
    const picked = await product.page.evaluate((at) => {
      const d = new Date(at);
      return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    }, second);
    await new Promise((r) => setTimeout(r, Math.max(0, second + 1100 - Date.now())));
    // … then, in a later second, Search's job size drops to 1 (WSJF 10): it climbs to #1.
    await setOnCard(portfolio.page, search, 'jobSize', 1);
    await waitForRanking(product.page, (r) => r.map((x) => x.id).join() === [search, checkout, reports].join());
    await product.page.getByLabel('Measure churn since this time today').fill(picked);
    // Since then all three moved and two of the three pairs flipped; since the session started, Checkout moved as well.
    await eventually(() => product.page.locator('[data-churn="point"]').textContent(), { until: (t) => t === `since ${picked}: 67 % · 3 moved`, what: 'churn since the picked time', timeout: 30_000 });
    expect(await product.page.locator('[data-churn="start"]').getAttribute('data-moves')).toBe('3');
    expect(product.errors).toEqual([]);
    expect(portfolio.errors).toEqual([]);
  }, 180_000);
});
