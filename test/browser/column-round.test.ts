import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

// Column rounds (one component across several features, sized relative to the smallest) and accepting the
// facilitator's own values instead of the consensus, run by a facilitator and two voters in Chromium.

interface Ranked { id: string; title: string; jobSize: number | null; rank: number | null }

describe('browser: column rounds and the facilitator\'s accepted values', () => {
  const board = useBoardHarness();
  // The round's own values (the cards' estimate controls are radios with the same names).
  const inRound = (page: Page) => page.locator('section[data-estimation-round]');

  /** A room with a backlog imported by a script, and a facilitator, a product and a portfolio person in browsers. */
  async function session(title: string, csv: string) {
    const room = await createRoom(board.ladder.url, title);
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Backlog script');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, { token: script.token, contentType: 'text/csv', body: csv });
    expect(imported.status, imported.text).toBe(200);
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    const pia = await board.join(room.links.product, 'Pia Product');
    const polly = await board.join(room.links.portfolio, 'Polly Portfolio');
    const ranking = async (): Promise<Ranked[]> =>
      ((await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: script.token })).json as { features: Ranked[] }).features;
    return { room, fay, pia, polly, ranking };
  }

  const click = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();
  const pick = (page: Page, name: string) => inRound(page).getByRole('radio', { name, exact: true }).click();
  const pressed = (page: Page, name: string) => inRound(page).getByRole('radio', { name, exact: true }).getAttribute('aria-checked');
  const status = (page: Page) => page.locator('section.estimation').getAttribute('data-round-status');
  const counts = (page: Page) => page.locator('[data-round-counts]').textContent();

  it('a facilitator and two voters run a column round: start, vote by click and keyboard, see who voted, reveal, adjust one value, accept', async () => {
    const { fay, pia, polly, ranking } = await session('PI 27.2 relative sizing',
      'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,3,3,3,8\nSearch,5,3,2,\nBilling,2,2,1,\n');
    const before = await waitForRanking(pia.page, (r) => r.length === 3 && r[0]?.title === 'Checkout' && r[1]?.rank === null && r[2]?.rank === null);
    const idOf = (title: string) => before.find((r) => r.title === title)?.id ?? '';

    // The facilitator picks a column round on job size: the features without a job size are ticked to start with.
    await fay.page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await fay.page.locator('label', { hasText: 'Column (relative)' }).click();
    expect(await fay.page.getByRole('radio', { name: 'Column (relative)' }).isChecked()).toBe(true);
    await fay.page.getByRole('combobox', { name: /^Component/ }).selectOption('jobSize');
    const tick = (title: string) => fay.page.locator(`[data-column-feature="${idOf(title)}"] input`);
    expect(await tick('Search').isChecked()).toBe(true);
    expect(await tick('Billing').isChecked()).toBe(true);
    expect(await tick('Checkout').isChecked()).toBe(false);
    // All ticks every feature; a feature is left out again by unticking it.
    await click(fay.page, 'All');
    expect(await tick('Checkout').isChecked()).toBe(true);
    await tick('Checkout').uncheck();
    expect(await tick('Checkout').isChecked()).toBe(false);
    await saveScreenshot(fay.page, 'column-round-start');
    await click(fay.page, 'Start round');

    // Everyone sees the column round; Pia votes by click and by keyboard, Polly by click.
    for (const m of [fay, pia, polly]) await eventually(() => status(m.page), { until: (s) => s === 'open', what: 'the round is open', timeout: 30_000 });
    expect(await pia.page.locator('.estimation__subject').textContent()).toBe('Job size across 2 features');
    await pia.page.getByRole('radiogroup', { name: 'Your vote: Search' }).waitFor();
    expect(await pia.page.getByRole('radiogroup', { name: 'Your vote: Checkout' }).count()).toBe(0);
    await pick(pia.page, 'Search 3');
    const focused = () => pia.page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? ''`) as Promise<string>;
    await eventually(() => pressed(pia.page, 'Search 3'), { until: (v) => v === 'true', what: 'Pia\'s pick on Search', timeout: 30_000 });
    await eventually(focused, { until: (l) => l === 'Search 3', what: 'the keyboard on the value just picked', timeout: 30_000 });
    // Tab (Shift+Tab when Billing's row comes first: the two were created together and keep the round's order) goes from
    // the Search row to the Billing row: one stop per row, on its first value while nothing is chosen.
    const rows = await inRound(pia.page).getByRole('radiogroup').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    const billingFirst = rows.indexOf('Your vote: Billing') < rows.indexOf('Your vote: Search');
    await pia.page.keyboard.press(billingFirst ? 'Shift+Tab' : 'Tab');
    await eventually(focused, { until: (l) => l === 'Billing 1', what: 'Tab reaches the Billing row', timeout: 30_000 });
    await pia.page.keyboard.press('Enter');
    await eventually(() => pressed(pia.page, 'Billing 1'), { until: (v) => v === 'true', what: 'Pia\'s keyboard vote on Billing', timeout: 30_000 });
    await eventually(() => pressed(pia.page, 'Search 3'), { until: (v) => v === 'true', what: 'Pia\'s vote on Search', timeout: 30_000 });
    await pick(polly.page, 'Search 5');
    // A partial vote is stored, and shown as partial ("1 of 2"), not as done.
    await eventually(() => pia.page.locator('[data-voter][data-parts="1"]').allInnerTexts(), { until: (t) => t.some((x) => /1 of 2\s*Polly Portfolio/.test(x)), what: 'Polly\'s partial vote is stored', timeout: 30_000 });
    expect(await counts(pia.page)).not.toMatch(/Polly/);
    // A complete vote without the smallest value is refused: the picks go back to the vote the server holds, the reason stays.
    await pick(polly.page, 'Billing 3');
    await eventually(() => polly.page.locator('.estimation__error').textContent(), { until: (t) => /give the smallest feature 1/.test(t ?? ''), what: 'the refusal', timeout: 30_000 });
    expect(await pressed(polly.page, 'Billing 3')).toBe('false');
    expect(await pressed(polly.page, 'Search 5')).toBe('true');
    await pick(polly.page, 'Billing 1');
    await eventually(() => pressed(polly.page, 'Billing 1'), { until: (v) => v === 'true', what: 'Polly\'s vote on Billing', timeout: 30_000 });

    // Everyone sees who voted and how many are still to vote, never a value.
    for (const m of [fay, pia, polly]) {
      await eventually(() => counts(m.page), { until: (t) => /^2 of 3 voted/.test(t ?? '') && /Pia Product/.test(t ?? '') && /Polly Portfolio/.test(t ?? ''), what: 'who voted', timeout: 30_000 });
      expect(await m.page.locator('[data-round-waiting]').textContent()).toBe('Still to vote: 1');
      expect(await m.page.locator('[data-revealed-vote], [data-consensus]').count()).toBe(0);
    }
    await saveScreenshot(pia.page, 'column-round-voting');

    // The facilitator votes too, then reveals: each feature shows its votes with names and roles, consensus, spread.
    await pick(fay.page, 'Search 3');
    await eventually(() => pressed(fay.page, 'Search 3'), { until: (v) => v === 'true', what: 'Fay\'s vote on Search', timeout: 30_000 });
    await pick(fay.page, 'Billing 1');
    await eventually(() => counts(fay.page), { until: (t) => /^3 of 3 voted/.test(t ?? ''), what: 'three votes', timeout: 30_000 });
    await click(fay.page, 'Reveal');
    for (const m of [fay, pia, polly]) {
      const search = m.page.locator(`[data-revealed-feature="${idOf('Search')}"]`);
      await search.waitFor();
      expect(await search.getByRole('listitem').filter({ hasText: 'Polly Portfolio (Portfolio) 5' }).count()).toBe(1);
      expect(await search.locator(`[data-consensus="${idOf('Search')}"]`).textContent()).toBe('3');
      expect(await search.locator(`[data-spread="${idOf('Search')}"]`).textContent()).toBe('1');
      expect(await m.page.locator(`[data-consensus="${idOf('Billing')}"]`).textContent()).toBe('1');
    }
    // Only the facilitator can adjust and accept.
    expect(await pia.page.getByRole('radiogroup', { name: 'Accept: Search' }).count()).toBe(0);
    expect(await pia.page.getByRole('button', { name: 'Accept consensus' }).count()).toBe(0);

    // The facilitator settles Search on 5 instead of the consensus 3, by keyboard, and accepts.
    const acceptSearch = fay.page.getByRole('radiogroup', { name: 'Accept: Search' });
    expect(await acceptSearch.getByRole('radio', { name: 'Accept 3', exact: true }).getAttribute('aria-checked')).toBe('true');
    await acceptSearch.getByRole('radio', { name: 'Accept 3', exact: true }).focus();
    await fay.page.keyboard.press('ArrowRight');
    await fay.page.keyboard.press('Enter');
    await eventually(() => acceptSearch.getByRole('radio', { name: 'Accept 5', exact: true }).getAttribute('aria-checked'), { until: (v) => v === 'true', what: 'Search adjusted to 5', timeout: 30_000 });
    expect(await fay.page.locator('[data-adjusted-count]').getAttribute('data-adjusted-count')).toBe('1');
    await saveScreenshot(fay.page, 'column-round-revealed');
    await click(fay.page, 'Accept chosen values');

    // Search (cost of delay 10, job size 5) and Billing (5, job size 1) are ranked now, Billing first, on every screen.
    for (const m of [fay, pia, polly]) {
      const after = await waitForRanking(m.page, (r) => r.every((x) => x.rank !== null) && r[0]?.title === 'Billing');
      expect(after.map((r) => r.title)).toEqual(['Billing', 'Search', 'Checkout']);
    }
    await eventually(() => status(fay.page), { until: (s) => s === 'accepted', what: 'the round is accepted', timeout: 30_000 });
    const accepted = await fay.page.locator('[data-round-accepted]').textContent();
    expect(accepted).toMatch(/^Accepted: /);
    expect(accepted?.slice('Accepted: '.length).split(', ').sort()).toEqual(['Billing 1', 'Search 5']);
    const stored = await ranking();
    expect(stored.find((f) => f.title === 'Search')?.jobSize).toBe(5);
    expect(stored.find((f) => f.title === 'Billing')?.jobSize).toBe(1);
    expect(stored.find((f) => f.title === 'Checkout')?.jobSize).toBe(8);
    for (const m of [fay, pia, polly]) expect(m.errors).toEqual([]);
    // Three boards fewer for the next test to share the machine with.
    for (const m of [fay, pia, polly]) await m.context.close();
  }, 180_000);

  it('a feature round on some components: re-vote opens a fresh round, the facilitator accepts an adjusted value', async () => {
    const { fay, pia, polly, ranking } = await session('PI 27.3 estimation',
      'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,3,3,3,8\nSearch,8,5,2,\n');
    const before = await waitForRanking(pia.page, (r) => r.length === 2 && r[1]?.rank === null);
    const search = before.find((r) => r.title === 'Search')?.id ?? '';

    // A round on Search's job size only.
    await fay.page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await fay.page.getByLabel('Feature to estimate').selectOption(search);
    for (const c of ['Business value', 'Time criticality', 'Risk reduction']) await fay.page.getByRole('checkbox', { name: c, exact: true }).uncheck();
    await click(fay.page, 'Start round');
    await pia.page.getByRole('radiogroup', { name: 'Your vote: Job size' }).waitFor();
    expect(await pia.page.getByRole('radiogroup', { name: 'Your vote: Business value' }).count()).toBe(0);
    await pick(pia.page, 'Job size 2');
    await pick(polly.page, 'Job size 13');
    await eventually(() => counts(fay.page), { until: (t) => /^2 of 3 voted/.test(t ?? ''), what: 'two votes', timeout: 30_000 });
    await click(fay.page, 'Reveal');
    await fay.page.getByRole('table', { name: 'Revealed votes' }).waitFor();
    const first = await fay.page.locator('section.estimation').getAttribute('data-estimation-round');

    // The votes lie far apart: re-vote opens a fresh round on the same component with nobody voted yet.
    await click(fay.page, 'Re-vote');
    for (const m of [fay, pia, polly]) {
      await eventually(async () => [await m.page.locator('section.estimation').getAttribute('data-estimation-round'), await status(m.page)], { until: ([id, s]) => id !== first && s === 'open', what: 'a fresh round', timeout: 30_000 });
      await eventually(() => counts(m.page), { until: (t) => /^0 of 3 voted/.test(t ?? ''), what: 'nobody voted in the fresh round', timeout: 30_000 });
    }
    expect(await inRound(pia.page).getByRole('radio', { name: 'Job size 2', exact: true }).getAttribute('aria-checked')).toBe('false');
    // The result it replaces stays in view until the new reveal.
    const previous = (p: typeof fay.page) => p.locator(`[data-previous-result="${first}"]`);
    for (const m of [fay, pia]) expect(await previous(m.page).textContent()).toMatch(/^Previous vote \(2 votes, shown until this re-vote is revealed\): Job size \d+ \(spread \d+\)$/);
    await pick(pia.page, 'Job size 3');
    await pick(polly.page, 'Job size 5');
    await eventually(() => counts(fay.page), { until: (t) => /^2 of 3 voted/.test(t ?? ''), what: 'two votes again', timeout: 30_000 });
    await click(fay.page, 'Reveal');
    await fay.page.getByRole('table', { name: 'Revealed votes' }).waitFor();
    const consensus = Number(await fay.page.locator('[data-consensus="jobSize"]').textContent());
    await previous(fay.page).waitFor({ state: 'detached', timeout: 15_000 });
    expect([3, 5]).toContain(consensus);
    await saveScreenshot(fay.page, 'feature-round-revote-revealed');

    // The facilitator accepts 8, a value nobody voted, by click; the button says the values are the facilitator's.
    await fay.page.getByRole('radiogroup', { name: 'Accept: Job size' }).getByRole('radio', { name: 'Job size 8', exact: true }).click();
    await click(fay.page, 'Accept chosen values');
    for (const m of [fay, pia, polly]) {
      const after = await waitForRanking(m.page, (r) => r.every((x) => x.rank !== null));
      expect(after.map((r) => r.title)).toEqual(['Search', 'Checkout']);
    }
    const stored = await ranking();
    expect(stored.find((f) => f.id === search)?.jobSize).toBe(8);
    expect(await fay.page.locator('[data-round-accepted]').textContent()).toBe('Accepted: Job size 8');
    await saveScreenshot(pia.page, 'feature-round-accepted');
    for (const m of [fay, pia, polly]) expect(m.errors).toEqual([]);
    // Three boards fewer for the next test to share the machine with.
    for (const m of [fay, pia, polly]) await m.context.close();
  }, 180_000);
});
