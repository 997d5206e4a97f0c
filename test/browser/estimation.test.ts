import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api } from '../support/http';
import { launchBrowser, saveScreenshot } from '../support/browser';
import { createRoom, joinRoom, startLadder, type LadderProcess } from '../support/server';
import { joinAs, localLink, until, waitForRanking, type Member } from './board';

describe('browser: a blind estimation round', () => {
  let ladder: LadderProcess;
  let browser: Browser;
  const members: Member[] = [];

  beforeAll(async () => {
    ladder = await startLadder();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const m of members) await m.context.close().catch(() => {});
    await browser?.close();
    await ladder?.stop();
    ladder?.cleanup();
  });

  const revealedCell = (page: Page, attribute: string, key: string) => page.locator(`[${attribute}="${key}"]`).textContent();

  it('two voters and a facilitator run a round end to end; the ranking updates on accept', async () => {
    const room = await createRoom(ladder.url, 'PI 27.1 estimation');
    const script = await joinRoom(ladder.url, room.roomId, room.invites.facilitator, 'Backlog script');
    const imported = await api(ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: script.token, contentType: 'text/csv',
      body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,3,3,3,8\nSearch,,,,\n',
    });
    expect(imported.status).toBe(200);
    const fay = await joinAs(browser, localLink(room.links.facilitator, ladder.url), 'Fay Facilitator');
    const pia = await joinAs(browser, localLink(room.links.product, ladder.url), 'Pia Product');
    const polly = await joinAs(browser, localLink(room.links.portfolio, ladder.url), 'Polly Portfolio');
    members.push(fay, pia, polly);
    const before = await waitForRanking(pia.page, (r) => r.length === 2 && r[0]?.rank === 1 && r[1]?.rank === null);
    const search = before[1]?.id ?? '';
    expect(before[1]?.title).toBe('Search');

    // The facilitator starts a round on Search (all four components).
    await fay.page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await fay.page.getByLabel('Feature to estimate').selectOption(search);
    await fay.page.getByRole('button', { name: 'Start round' }).click();

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
    for (const label of ['Business value 13', 'Time criticality 5', 'Risk reduction 2', 'Job size 3']) await vote(polly.page, label);

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
    expect(await revealedCell(pia.page, 'data-consensus', 'jobSize')).toBe('3');
    expect(await revealedCell(pia.page, 'data-spread', 'riskReduction')).toBe('0');
    await saveScreenshot(pia.page, 'estimation-revealed');

    // Accept: Search gets the consensus and jumps to the top of every ranking.
    await fay.page.getByRole('button', { name: 'Accept consensus' }).click();
    for (const m of [fay, pia, polly]) {
      const after = await waitForRanking(m.page, (r) => r[0]?.id === search && r[0]?.rank === 1 && r[1]?.rank === 2);
      expect(after.map((r) => r.title)).toEqual(['Search', 'Checkout']);
    }
    for (const m of [fay, pia, polly]) expect(m.errors).toEqual([]);
  }, 150_000);
});
