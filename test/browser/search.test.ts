import { describe, expect, it } from 'vitest';
import { eventually } from '@ladder/testing';
import { api } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';

// A backlog of hundreds: "/" puts the keyboard in the ranking's search, words and states narrow the ranking, and the
// round's feature picker finds a feature in a few keystrokes.

describe('browser: finding features', () => {
  const board = useBoardHarness();

  it('the ranking narrows by words, team and state; the round picker by words', async () => {
    const room = await createRoom(board.ladder.url, 'Big backlog');
    const fay = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fay Facilitator');
    const lines = Array.from({ length: 40 }, (_, i) => {
      const n = i + 1;
      const team = n % 2 === 0 ? 'Payments' : 'Discovery';
      // Every fifth feature is unscored (no job size).
      return `Feature ${n},${team},${[1, 2, 3, 5, 8, 13, 20][n % 7]},2,3,${n % 5 === 0 ? '' : (n % 3) + 1}`;
    });
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: fay.token, contentType: 'text/csv', body: `title,team,userBusinessValue,timeCriticality,riskReduction,jobSize\n${lines.join('\n')}\n`,
    });
    expect(imported.status, imported.text).toBe(200);
    const me = await board.join(room.links.facilitator, 'Fay Screen');
    const page = me.page;
    const all = await waitForRanking(page, (r) => r.length === 40);
    const rows = page.locator('[data-ranking-row]');

    // Two keystrokes to the search: "/" and the first letters.
    await page.keyboard.press('/');
    await eventually(() => page.evaluate<string>(`document.activeElement?.getAttribute('aria-label') ?? ''`), { until: (l) => l === 'Find features in the ranking', what: '"/" focuses the search' });
    // Quotes keep a phrase (plain words match anywhere, each on its own).
    await page.keyboard.type('"feature 3"');
    // Feature 3 and 30–39.
    await eventually(() => rows.count(), { until: (n) => n === 11, what: 'eleven rows for "feature 3"' });
    expect(await page.locator('[data-search-count]').getAttribute('aria-label')).toBe('11 of 40 shown');
    await page.getByLabel('Show only features that are').selectOption('unscored');
    // Unscored among them: 30, 35.
    await eventually(async () => (await rows.allTextContents()).length, { until: (n) => n === 2, what: 'the unscored ones' });
    expect(await page.getByRole('searchbox', { name: 'Find features in the ranking' }).inputValue()).toBe('"feature 3" is:unscored');
    await page.getByRole('searchbox', { name: 'Find features in the ranking' }).fill('team:payments');
    await eventually(() => rows.count(), { until: (n) => n === 20, what: 'the Payments team' });
    await saveScreenshot(page, 'search-ranking');
    await page.getByRole('searchbox', { name: 'Find features in the ranking' }).press('Escape');
    await eventually(() => rows.count(), { until: (n) => n === 40, what: 'Escape shows all again' });

    // The round picker: typing finds the feature and makes it the one to estimate.
    await page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search features for this round' }).fill('"feature 17"');
    const id17 = all.find((r) => r.title === 'Feature 17')?.id as string;
    expect(await page.getByLabel('Feature to estimate').inputValue()).toBe(id17);
    expect(await page.getByLabel('Feature to estimate').locator('option').count()).toBe(1);
    await page.getByRole('button', { name: 'Start round' }).click();
    await eventually(() => page.locator('.estimation__subject').textContent(), { until: (t) => !!t?.includes('Feature 17'), what: 'the round on Feature 17' });
    expect(me.errors).toEqual([]);
  }, 180_000);
});
