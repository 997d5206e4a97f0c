import { describe, expect, it } from 'vitest';
import { eventually } from '@ladder/testing';
import { api } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';

// Follow the facilitator: the facilitator brings every screen to the feature being discussed; a participant can stop
// following and follow again; the facilitator releases everyone.

describe('browser: follow the facilitator', () => {
  const board = useBoardHarness();

  it('Bring everyone here moves the others\' screens; Stop following and Follow again; Release everyone', async () => {
    const room = await createRoom(board.ladder.url, 'Follow me');
    const admin = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Importer');
    const titles = Array.from({ length: 30 }, (_, i) => `Feature ${i + 1}`);
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: admin.token, contentType: 'text/csv', body: `title,userBusinessValue,timeCriticality,riskReduction,jobSize\n${titles.map((t, i) => `${t},${[1, 2, 3, 5, 8, 13, 20][i % 7]},2,3,1`).join('\n')}\n`,
    });
    expect(imported.status, imported.text).toBe(200);
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    const pia = await board.join(room.links.product, 'Pia Product');
    const rows = await waitForRanking(pia.page, (r) => r.length === 30);
    const last = rows[29] as { id: string; title: string };
    const other = rows[20] as { id: string; title: string };

    const bring = async (id: string) => {
      await fay.page.locator(`[data-ranking-row][data-feature-id="${id}"] .rank-row__main`).click();
      await fay.page.locator(`[data-lead-here="${id}"]`).click();
    };
    await bring(last.id);
    await fay.page.locator('[data-follow-bar="leading"]').waitFor({ timeout: 30_000 });
    const bar = pia.page.locator('[data-follow-bar]');
    await eventually(() => bar.textContent(), { until: (t) => t === `Following Fay Facilitator: “${last.title}”.Stop following`, what: 'Pia follows Fay', timeout: 30_000 });
    // Pia's ranking scrolled to the feature and marks it.
    const piaRow = pia.page.locator(`[data-ranking-row][data-feature-id="${last.id}"]`);
    await eventually(() => piaRow.getAttribute('data-led'), { until: (v) => v === '', what: 'the row marked on Pia\'s screen', timeout: 30_000 });
    await eventually(() => piaRow.evaluate((el) => {
      const list = el.closest('.ranking__list') as unknown as { getBoundingClientRect(): { top: number; bottom: number } };
      const r = (el as unknown as { getBoundingClientRect(): { top: number; bottom: number } }).getBoundingClientRect();
      const l = list.getBoundingClientRect();
      return r.top >= l.top && r.bottom <= l.bottom;
    }), { until: (v) => v === true, what: 'the led row in view on Pia\'s screen', timeout: 30_000 });
    await saveScreenshot(pia.page, 'follow-following');

    // Pia stops following: the next lead is told, not applied.
    await pia.page.locator('[data-follow-stop]').click();
    await bring(other.id);
    await eventually(() => bar.textContent(), { until: (t) => t === `Fay Facilitator is leading the room to “${other.title}”.Follow Fay Facilitator`, what: 'Pia told, not moved', timeout: 30_000 });
    expect(await pia.page.locator(`[data-ranking-row][data-feature-id="${other.id}"]`).getAttribute('data-led')).toBeNull();
    // And follows again: she is brought there at once.
    await pia.page.locator('[data-follow-again]').click();
    await eventually(() => pia.page.locator(`[data-ranking-row][data-feature-id="${other.id}"]`).getAttribute('data-led'), { until: (v) => v === '', what: 'Pia brought to the feature', timeout: 30_000 });

    await fay.page.locator('[data-lead-release]').click();
    await bar.waitFor({ state: 'detached', timeout: 30_000 });
    expect(fay.errors.concat(pia.errors)).toEqual([]);
  }, 180_000);
});
