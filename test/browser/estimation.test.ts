import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { until, waitForRanking } from './board';
import { useBoardHarness } from './harness';

describe('browser: a blind estimation round', () => {
  const board = useBoardHarness();

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
    await until(() => pia.page.locator('.estimation__subject').textContent(), (t) => t === `${search} · Search`, 'the round header names the feature by id and title');

    // Pia votes with the mouse and the keyboard; Polly with the mouse.
    const vote = (page: Page, label: string) => page.getByRole('button', { name: label, exact: true }).click();
    await pia.page.getByRole('group', { name: 'Your vote: Business value' }).waitFor();
    await vote(pia.page, 'Business value 8');
    await pia.page.getByRole('button', { name: 'Time criticality 1', exact: true }).focus();
    await pia.page.keyboard.press('ArrowRight');
    await pia.page.keyboard.press('ArrowRight');
    await pia.page.keyboard.press('Enter');
    await vote(pia.page, 'Risk reduction 2');
    await vote(pia.page, 'Job size 2');
    await until(() => pia.page.getByRole('button', { name: 'Time criticality 3', exact: true }).getAttribute('aria-pressed'), (v) => v === 'true', 'keyboard vote');
    await polly.page.getByRole('group', { name: 'Your vote: Business value' }).waitFor();
    for (const label of ['Business value 13', 'Time criticality 5', 'Risk reduction 2', 'Job size 8']) await vote(polly.page, label);

    // Everyone sees who voted, nobody sees a value.
    for (const m of [fay, pia, polly]) {
      await until(() => m.page.locator('[data-round-counts]').textContent(), (t) => /^2 of 3 voted/.test(t ?? '') && /Pia Product/.test(t ?? '') && /Polly Portfolio/.test(t ?? ''), 'who voted');
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
    // Recent changes lists the accepted values, not just "edited Search".
    const accepted = await until(() => pia.page.locator('.activity li').first().textContent(), (t) => !!t?.includes('edited Search:'), 'the accepted values in Recent changes');
    expect(accepted).toMatch(/edited Search: Business value – → 13, Time criticality – → 5, Risk reduction – → \d+, Job size – → 5/);
    await saveScreenshot(pia.page, 'estimation-accepted-activity');
    for (const m of [fay, pia, polly]) expect(m.errors).toEqual([]);
  }, 150_000);
});
