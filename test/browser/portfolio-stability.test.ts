import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { cardOf, openTools, waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

// Stability: a change that would move a committed feature below the cut line asks for a confirmation and a note.

interface Ranked { id: string; title: string; jobSize: number | null; inCapacity?: boolean; committed: boolean }
interface Event { seq: number; kind: string; featureId: string; field: string | null; to: unknown }

/** Each ranking row's feature id and whether it is above the cut line, top to bottom. */
async function cutState(page: Page): Promise<string[]> {
  return page.locator('[data-ranking-row]').evaluateAll((rows) => rows.map((row) => {
    const el = row as unknown as { dataset: Record<string, string | undefined> };
    return `${el.dataset.featureId}:${el.dataset.inCapacity ?? '-'}`;
  }));
}

const dialog = (page: Page) => page.locator('[data-stability-dialog]');
const checked = (page: Page, scope: string, id: string, value: number) =>
  page.locator(`${scope} [data-estimate="jobSize"][data-feature-id="${id}"] [data-value="${value}"]`).getAttribute('aria-checked');

describe('browser: stability of committed features', () => {
  const board = useBoardHarness();

  it('an edit that drops a committed feature below the line asks first: cancel writes nothing, confirm writes the change and its note together', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.4 commitments');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Backlog script');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: script.token, contentType: 'text/csv',
      body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,8,5,3,2\nSearch,5,3,2,5\nReports,3,2,1,8\n',
    });
    expect(imported.status, imported.text).toBe(200);
    const ranking = async () => ((await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: script.token })).json as { features: Ranked[] }).features;
    // Priya runs the session (facilitator link): the capacity is a room setting, hers to change.
    const priya = await board.join(room.links.facilitator, 'Priya Product');
    const lars = await board.join(room.links.portfolio, 'Lars Portfolio');
    const rows = await waitForRanking(priya.page, (r) => r.map((x) => x.title).join() === 'Checkout,Search,Reports');
    const [checkout, search, reports] = rows.map((r) => r.id) as [string, string, string];

    // Capacity 7: Checkout (2) and Search (5) fit. Priya commits Search for the interval in its editor.
    const capacity = priya.page.getByLabel('Capacity of the planning interval in job-size points');
    await capacity.fill('7');
    await capacity.press('Enter');
    await priya.page.getByRole('button', { name: `Rank 2: Search. Show estimates` }).click();
    await priya.page.getByRole('button', { name: 'Edit details of Search' }).click();
    const committedBox = priya.page.getByLabel('Search is committed for the planning interval');
    await committedBox.check();
    // A plain checkbox with its label beside it, not a box drawn like a text field.
    expect((await committedBox.boundingBox())!.width).toBeLessThanOrEqual(24);
    expect(await priya.page.getByText('Committed for the planning interval', { exact: true }).isVisible()).toBe(true);
    await saveScreenshot(priya.page, 'portfolio-stability-committed-checkbox');
    await priya.page.getByRole('button', { name: 'Done' }).click();
    await eventually(ranking, { until: (f) => f.find((x) => x.id === search)?.committed === true, what: 'Search committed', timeout: 30_000 });
    // Recent changes says so in words, not as a raw boolean.
    await eventually(() => lars.page.locator('.activity').textContent(), { until: (t) => !!t?.includes('Priya Product committed Search'), what: 'the commitment in Recent changes', timeout: 30_000 });
    await eventually(() => cutState(lars.page), { until: (s) => s.join() === [`${checkout}:true`, `${search}:true`, `${reports}:false`].join(), what: 'cut line on Lars\' screen', timeout: 30_000 });
    // A committed feature says so in words on its ranking row and its card, on every screen; the others do not.
    await eventually(() => lars.page.locator(`[data-ranking-row][data-feature-id="${search}"] [data-committed-badge]`).textContent(), { until: (t) => t === 'Committed', what: 'Committed badge on the ranking row', timeout: 30_000 });
    await cardOf(lars.page, search);
    // On the card it sits in the footer, so the header keeps the id on one line beside team, theme and rank.
    expect(await lars.page.locator(`[data-card-feature-id="${search}"] .card__foot [data-committed-badge]`).textContent()).toBe('Committed');
    const idBox = await lars.page.locator(`[data-card-feature-id="${search}"] .card__id`).boundingBox();
    expect(idBox!.height).toBeLessThan(20);
    expect(await lars.page.locator(`[data-ranking-row][data-feature-id="${checkout}"] [data-committed-badge]`).count()).toBe(0);
    expect(await lars.page.locator(`[data-card-feature-id="${checkout}"] [data-committed-badge]`).count()).toBe(0);
    await saveScreenshot(lars.page, 'portfolio-stability-committed-badge');

    // Lars cuts Reports' job size to 1 on its card: Reports (WSJF 6) would push Search below the line. He is asked first.
    await cardOf(lars.page, reports);
    await lars.page.locator(`.card [data-estimate="jobSize"][data-feature-id="${reports}"] [data-value="1"]`).click();
    await dialog(lars.page).waitFor();
    expect(await dialog(lars.page).locator('[data-stability-drop]').evaluateAll((li) => li.map((x) => (x as unknown as { dataset: { stabilityDrop: string } }).dataset.stabilityDrop))).toEqual([search]);
    expect(await dialog(lars.page).textContent()).toContain('Job size of Reports: 8 → 1');
    expect(await dialog(lars.page).textContent()).toContain('#2 → #3, now below the line');
    // Without a note the change cannot be confirmed.
    expect(await lars.page.getByRole('button', { name: 'Make the change' }).isDisabled()).toBe(true);
    await saveScreenshot(lars.page, 'portfolio-stability-confirm');
    // Cancel: nothing is written, on this screen or the server.
    await lars.page.getByRole('button', { name: 'Keep the commitment' }).click();
    await dialog(lars.page).waitFor({ state: 'detached' });
    expect(await checked(lars.page, '.card', reports, 8)).toBe('true');
    expect(await checked(lars.page, '.card', reports, 1)).toBe('false');
    expect(await lars.page.locator('[data-note-id]').count()).toBe(0);
    expect((await ranking()).map((f) => `${f.id}:${f.jobSize}:${f.inCapacity}`)).toEqual([`${checkout}:2:true`, `${search}:5:true`, `${reports}:8:false`]);

    // The same edit from the ranking panel, confirmed with a note: the change and the note arrive on Priya's screen.
    await lars.page.getByRole('button', { name: 'Rank 3: Reports. Show estimates' }).click();
    await lars.page.locator(`[data-ranking-row][data-feature-id="${reports}"] [data-estimate="jobSize"] [data-value="1"]`).click();
    await dialog(lars.page).waitFor();
    await lars.page.getByLabel('Why this change is worth breaking the commitment').fill('Reports re-sliced: the export alone ships in May');
    await lars.page.getByRole('button', { name: 'Make the change' }).click();
    await dialog(lars.page).waitFor({ state: 'detached' });
    await eventually(() => cutState(priya.page), { until: (s) => s.join() === [`${checkout}:true`, `${reports}:true`, `${search}:false`].join(), what: 'Search below the line on Priya\'s screen', timeout: 30_000 });
    await openTools(priya.page);
    await priya.page.getByText(/^Decision notes/).click();
    await eventually(() => priya.page.locator('[data-note-id]').allTextContents(), { until: (t) => t.includes(`Lars Portfolio · ${reports}: Reports re-sliced: the export alone ships in May (job size 8 → 1)`), what: 'the note on Priya\'s screen', timeout: 30_000 });
    await priya.page.getByRole('button', { name: 'Close the portfolio tools' }).click();
    expect(await priya.page.locator('[data-committed-below]').getAttribute('data-committed-below')).toBe(search);
    // One transaction: the note is in the history with the seq of the job-size change it explains.
    const events = await eventually(async () => ((await api(board.ladder.url, `/api/rooms/${room.roomId}/history`, { token: script.token })).json as { events: Event[] }).events, { until: (e) => e.some((x) => x.kind === 'note'), what: 'the note in the history', timeout: 30_000 });
    const change = events.find((e) => e.kind === 'changed' && e.featureId === reports && e.field === 'jobSize' && e.to === 1);
    const note = events.find((e) => e.kind === 'note');
    expect(change).toBeDefined();
    expect(note).toMatchObject({ seq: change?.seq, featureId: reports, field: null, from: { field: 'jobSize', from: 8, to: 1 }, to: 'Reports re-sliced: the export alone ships in May' });

    // Priya commits Checkout too, then tries to lower the capacity to 1: Checkout would fall below. She keeps it.
    await priya.page.getByRole('button', { name: 'Rank 1: Checkout. Show estimates' }).click();
    await priya.page.getByRole('button', { name: 'Edit details of Checkout' }).click();
    await priya.page.getByLabel('Checkout is committed for the planning interval').check();
    await priya.page.getByRole('button', { name: 'Done' }).click();
    await capacity.fill('1');
    await capacity.press('Enter');
    await dialog(priya.page).waitFor();
    expect(await dialog(priya.page).textContent()).toContain('Capacity: 7 → 1 points');
    expect(await dialog(priya.page).locator('[data-stability-drop]').count()).toBe(1);
    // Checkout keeps its rank; the line moves past it.
    expect(await dialog(priya.page).locator('.stability__ranks').textContent()).toBe('stays #1, now below the line');
    await saveScreenshot(priya.page, 'portfolio-stability-stays');
    await priya.page.keyboard.press('Escape');
    await dialog(priya.page).waitFor({ state: 'detached' });
    expect(await capacity.inputValue()).toBe('7');
    expect(await cutState(priya.page)).toEqual([`${checkout}:true`, `${reports}:true`, `${search}:false`]);
    // Raising it writes at once: nothing committed falls.
    await capacity.fill('8');
    await capacity.press('Enter');
    await eventually(() => cutState(lars.page), { until: (s) => s.join() === [`${checkout}:true`, `${reports}:true`, `${search}:true`].join(), what: 'everything fits on Lars\' screen', timeout: 30_000 });
    expect(await dialog(priya.page).count()).toBe(0);
    expect(priya.errors).toEqual([]);
    expect(lars.errors).toEqual([]);
  }, 180_000);
});
