import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

describe('browser: a blind estimation round', () => {
  const board = useBoardHarness();
  // The round's own values (the cards' estimate controls are radios with the same names).
  const inRound = (page: Page) => page.locator('section[data-estimation-round]');

  const revealedCell = (page: Page, attribute: string, key: string) => page.locator(`[${attribute}="${key}"]`).textContent();

  it('two voters and a facilitator run a round end to end; the ranking updates on accept', async () => {
    const room = await createRoom(board.ladder.url, 'PI 27.1 estimation');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Backlog script');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: script.token, contentType: 'text/csv',
      body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,3,3,3,8\nSearch,,,,\n',
    });
    expect(imported.status).toBe(200);
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    const pia = await board.join(room.links.product, 'Pia Product');
    const polly = await board.join(room.links.portfolio, 'Polly Portfolio');
    const before = await waitForRanking(pia.page, (r) => r.length === 2 && r[0]?.rank === 1 && r[1]?.rank === null);
    const search = before[1]?.id ?? '';
    expect(before[1]?.title).toBe('Search');

    // The facilitator starts a round on Search (all four components).
    await fay.page.getByRole('button', { name: 'Estimation', exact: true }).click();
    // The picker starts on the first unscored feature (not rank #1) and names each feature by id and title.
    const picker = fay.page.getByLabel('Feature to estimate');
    expect(await picker.inputValue()).toBe(search);
    expect(await picker.locator('option').allTextContents()).toEqual([`${before[0]?.id} · Checkout`, `${search} · Search`]);
    await fay.page.getByRole('button', { name: 'Start round' }).click();
    await eventually(() => pia.page.locator('.estimation__subject').textContent(), { until: (t) => t === `${search} · Search`, what: 'the round header names the feature by id and title', timeout: 30_000 });

    // Pia votes with the mouse and the keyboard; Polly with the mouse.
    const vote = (page: Page, label: string) => inRound(page).getByRole('radio', { name: label, exact: true }).click();
    await pia.page.getByRole('radiogroup', { name: 'Your vote: Business value' }).waitFor();
    await vote(pia.page, 'Business value 8');
    await inRound(pia.page).getByRole('radio', { name: 'Time criticality 1', exact: true }).focus();
    await pia.page.keyboard.press('ArrowRight');
    await pia.page.keyboard.press('ArrowRight');
    await pia.page.keyboard.press('Enter');
    await vote(pia.page, 'Risk reduction 2');
    await vote(pia.page, 'Job size 2');
    await eventually(() => inRound(pia.page).getByRole('radio', { name: 'Time criticality 3', exact: true }).getAttribute('aria-checked'), { until: (v) => v === 'true', what: 'keyboard vote', timeout: 30_000 });
    await polly.page.getByRole('radiogroup', { name: 'Your vote: Business value' }).waitFor();
    for (const label of ['Business value 13', 'Time criticality 5', 'Risk reduction 2', 'Job size 8']) await vote(polly.page, label);

    // Everyone sees who voted, nobody sees a value.
    for (const m of [fay, pia, polly]) {
      await eventually(() => m.page.locator('[data-round-counts]').textContent(), { until: (t) => /^2 of 3 voted/.test(t ?? '') && /Pia Product/.test(t ?? '') && /Polly Portfolio/.test(t ?? ''), what: 'who voted', timeout: 30_000 });
      expect(await m.page.getByRole('table', { name: 'Revealed votes' }).count()).toBe(0);
    }
    await saveScreenshot(fay.page, 'estimation-open');

    // Reveal: every screen shows the votes with names and roles, the consensus and the spread.
    await fay.page.getByRole('button', { name: 'Reveal' }).click();
    for (const m of [fay, pia, polly]) {
      const table = m.page.getByRole('table', { name: 'Revealed votes' });
      await table.waitFor();
      expect(await table.getByRole('row', { name: /Pia Product \(Product\)/ }).count()).toBe(1);
      expect(await table.getByRole('row', { name: /Polly Portfolio \(Portfolio\)/ }).count()).toBe(1);
    }
    expect(await revealedCell(pia.page, 'data-consensus', 'userBusinessValue')).toBe('13');
    expect(await revealedCell(pia.page, 'data-consensus', 'timeCriticality')).toBe('5');
    expect(await revealedCell(pia.page, 'data-consensus', 'jobSize')).toBe('5');
    expect(await revealedCell(pia.page, 'data-spread', 'riskReduction')).toBe('0');
    // Job size 2 vs 8 lies three steps apart: the spread cell says to discuss, and its number stays level with the
    // spreads beside it however the note wraps.
    await pia.page.locator('[data-discuss="jobSize"]').waitFor();
    const spreadTops = await pia.page.locator('[data-spread]').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(spreadTops).toHaveLength(4);
    expect(new Set(spreadTops).size).toBe(1);
    await saveScreenshot(pia.page, 'estimation-revealed');

    // Accept: Search gets the consensus and jumps to the top of every ranking.
    await fay.page.getByRole('button', { name: 'Accept consensus' }).click();
    for (const m of [fay, pia, polly]) {
      const after = await waitForRanking(m.page, (r) => r[0]?.id === search && r[0]?.rank === 1 && r[1]?.rank === 2);
      expect(after.map((r) => r.title)).toEqual(['Search', 'Checkout']);
    }
    // Recent changes says it was the round, with its votes and the accepted values, not just "edited Search".
    const accepted = await eventually(() => pia.page.locator('.activity li').first().textContent(), { until: (t) => !!t?.includes('accepted round'), what: 'the accepted values in Recent changes', timeout: 30_000 });
    expect(accepted).toMatch(/Fay Facilitator accepted round \(2 votes\): BV – → 13, TC – → 5, RR – → \d+, JS – → 5 on Search/);
    await saveScreenshot(pia.page, 'estimation-accepted-activity');
    for (const m of [fay, pia, polly]) expect(m.errors).toEqual([]);
  }, 150_000);

  it('keyboard voting as the user guide describes it: one Tab stop per row, keys choose in the row, Tab and Enter never change another vote', async () => {
    const room = await createRoom(board.ladder.url, 'Keyboard votes');
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Backlog script');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, { token: script.token, contentType: 'text/csv', body: 'title\nSearch\n' });
    expect(imported.status).toBe(200);
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    const pia = await board.join(room.links.product, 'Pia Product');
    await waitForRanking(pia.page, (r) => r.length === 1);
    await fay.page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await fay.page.getByRole('button', { name: 'Start round' }).click();
    const page = pia.page;
    await page.getByRole('radiogroup', { name: 'Your vote: Job size' }).waitFor();
    const focused = () => page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? ''`) as Promise<string>;
    const chosen = () => page.locator('[data-vote-key][aria-checked="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    const press = async (key: string, focus: string, votes: string[]) => {
      await page.keyboard.press(key);
      await eventually(focused, { until: (f) => f === focus, what: `${key}: the focus on ${focus}`, timeout: 30_000 });
      await eventually(chosen, { until: (c) => c.join(', ') === votes.join(', '), what: `${key}: the votes ${votes.join(', ')}`, timeout: 30_000 });
    };

    // Each row is one Tab stop: its chosen value, or its first value while nothing is chosen there.
    expect(await page.locator('[data-vote-key][tabindex="0"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
      .toEqual(['Business value 1', 'Time criticality 1', 'Risk reduction 1', 'Job size 1']);
    await inRound(page).getByRole('radio', { name: 'Business value 8', exact: true }).click();
    await eventually(chosen, { until: (c) => c.join() === 'Business value 8', what: 'a vote by click', timeout: 30_000 });
    // Tab goes on to the next row without choosing anything; End, digits and arrows choose in the row.
    await press('Tab', 'Time criticality 1', ['Business value 8']);
    await press('End', 'Time criticality 20', ['Business value 8', 'Time criticality 20']);
    await press('Tab', 'Risk reduction 1', ['Business value 8', 'Time criticality 20']);
    await page.keyboard.press('1');
    await press('3', 'Risk reduction 13', ['Business value 8', 'Time criticality 20', 'Risk reduction 13']);
    await press('Tab', 'Job size 1', ['Business value 8', 'Time criticality 20', 'Risk reduction 13']);
    await press('ArrowRight', 'Job size 2', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 2']);
    await press('ArrowRight', 'Job size 3', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 3']);
    await press('Enter', 'Job size 3', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 3']);
    // Back up the rows: each stop is the value chosen there, and Space or Enter on it changes nothing.
    await press('Shift+Tab', 'Risk reduction 13', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 3']);
    await press('Shift+Tab', 'Time criticality 20', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 3']);
    await press('Space', 'Time criticality 20', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 3']);
    await press('Shift+Tab', 'Business value 8', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 3']);
    await press('Enter', 'Business value 8', ['Business value 8', 'Time criticality 20', 'Risk reduction 13', 'Job size 3']);
    await eventually(() => fay.page.locator('[data-round-counts]').textContent(), { until: (t) => /^1 of 2 voted/.test(t ?? ''), what: 'Pia\'s vote counted', timeout: 30_000 });
    await saveScreenshot(page, 'estimation-keyboard-vote');

    // The server holds exactly what was chosen: a reload brings it back.
    await page.reload();
    await page.getByRole('radiogroup', { name: 'Your vote: Job size' }).waitFor();
    await eventually(chosen, { until: (c) => c.join(', ') === 'Business value 8, Time criticality 20, Risk reduction 13, Job size 3', what: 'the stored vote', timeout: 30_000 });
    for (const m of [fay, pia]) expect(m.errors).toEqual([]);
  }, 90_000);
});
