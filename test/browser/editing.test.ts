import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRoom } from '../support/server';
import { saveScreenshot } from '../support/browser';
import { addFeatures, cardOf, readRanking, scoreOnCard, until, waitForRanking } from './board';
import { useBoardHarness } from './harness';

describe('browser: editing features, delete with undo, lanes and board export', () => {
  const board = useBoardHarness();

  it('edits details and estimates in the panel, deletes with undo, exports PNG and SVG', async () => {
    const room = await createRoom(board.ladder.url, 'Editing room');
    const member = await board.join(room.links.product, 'Eddie Editor');
    const { page } = member;
    const ids = await addFeatures(page, ['Checkout', 'Search', 'Audit log']);
    const checkout = ids.get('Checkout')!;
    const search = ids.get('Search')!;
    await cardOf(page, ids.get('Audit log')!);

    // Details through the drawer opened from the card.
    await page.getByRole('button', { name: 'Edit Checkout' }).click();
    const drawer = page.getByRole('complementary', { name: 'Edit Checkout' });
    await drawer.getByLabel('Title').fill('Checkout v2');
    await drawer.getByLabel('Team').fill('Payments');
    await drawer.getByLabel('Theme').fill('Conversion');
    await drawer.getByLabel('Title').focus(); // blur Theme: saved
    await drawer.getByRole('button', { name: 'Done' }).click();
    await until(() => page.locator(`[data-card-feature-id="${checkout}"]`).textContent(), (t) => !!t?.includes('Checkout v2') && t.includes('Payments') && t.includes('Conversion'), 'card shows the new details');

    // Estimates in the ranking panel, by keyboard: Tab reaches the control, digits and arrows set it.
    await page.locator(`[data-ranking-row][data-feature-id="${search}"] .rank-row__main`).click();
    const bv = page.locator(`.rank-row__edit [data-estimate="userBusinessValue"][data-feature-id="${search}"]`);
    await bv.locator('[tabindex="0"]').focus();
    await page.keyboard.press('1');
    await page.keyboard.press('3');
    await until(() => bv.locator('[aria-checked="true"]').textContent(), (t) => t === '13', 'typed 13');
    // Each value is seen on screen before the next key, as a person would.
    const picked = (component: string) => page.locator(`.rank-row__edit [data-estimate="${component}"][data-feature-id="${search}"] [aria-checked="true"]`).textContent();
    await page.keyboard.press('Tab');
    await page.keyboard.press('End'); // time criticality 20
    await until(() => picked('timeCriticality'), (t) => t === '20', 'time criticality 20');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight'); // risk reduction 1
    await until(() => picked('riskReduction'), (t) => t === '1', 'risk reduction 1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('2'); // job size 2
    await waitForRanking(page, (r) => r[0]?.id === search && r[0]?.rank === 1);
    const row = page.locator(`.rank-row__edit [data-feature-id="${search}"][aria-checked="true"], .rank-row__edit [data-feature-id="${search}"] [aria-checked="true"]`);
    expect(await row.allTextContents()).toEqual(['13', '20', '1', '2']);
    await scoreOnCard(page, checkout, [3, 3, 3, 3]);
    await waitForRanking(page, (r) => r.filter((x) => x.rank !== null).length === 2);
    await saveScreenshot(page, 'editing-panel-keyboard');

    // Delete from the drawer, then undo: same id, estimates and card come back.
    await page.getByRole('button', { name: 'Edit details of Search' }).click();
    await page.getByRole('button', { name: 'Delete feature' }).click();
    await waitForRanking(page, (r) => !r.some((x) => x.id === search));
    await until(() => page.locator(`[data-card-feature-id="${search}"]`).count(), (n) => n === 0, 'card removed');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    const back = await waitForRanking(page, (r) => r[0]?.id === search);
    expect(back[0]).toMatchObject({ id: search, rank: 1, title: 'Search' });
    await cardOf(page, search);

    // Select a card on the canvas and press Delete: the feature goes, with the same undo offer.
    const audit = ids.get('Audit log')!;
    await page.locator(`[data-card-feature-id="${audit}"] .card__title`).click();
    await page.keyboard.press('Delete');
    await waitForRanking(page, (r) => !r.some((x) => x.id === audit));
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await waitForRanking(page, (r) => r.some((x) => x.id === audit));
    await cardOf(page, audit);

    // A list of titles pasted onto the canvas: one feature and one card per line.
    await page.mouse.click(300, 700);
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'Pasted one\\nPasted two\\n\\nPasted three');
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    })()`);
    const pasted = await waitForRanking(page, (r) => r.length === 6);
    expect(pasted.filter((r) => r.title.startsWith('Pasted')).map((r) => r.title)).toEqual(['Pasted one', 'Pasted two', 'Pasted three']);
    await until(() => page.locator('[data-card-feature-id]').count(), (n) => n === 6, 'a card per pasted line');

    // Lanes by theme, then the board as SVG and PNG.
    await page.getByLabel('Arrange cards in lanes').selectOption('theme');
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'editing-lanes-by-theme');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the board as SVG' }).click()]);
    const svgText = readFileSync(await svg.path(), 'utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('Checkout v2');
    expect(svgText).toContain('Conversion');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the board as PNG' }).click()]);
    expect(readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
    expect((await readRanking(page)).length).toBe(6);
    expect(member.errors).toEqual([]);
  }, 150_000);
});
