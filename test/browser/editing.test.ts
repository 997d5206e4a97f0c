import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRoom } from '../support/server';
import { saveScreenshot, screenshotDir } from '../support/browser';
import { addFeatures, downloaded, cardOf, overlaps, readRanking, scoreOnCard, settledShapes, waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

describe('browser: editing features, delete with undo, lanes and board export', () => {
  const board = useBoardHarness();

  it('edits details and estimates in the panel, deletes with undo, exports PNG and SVG', async () => {
    const roomTitle = 'Editing room';
    const room = await createRoom(board.ladder.url, roomTitle);
    const member = await board.join(room.links.product, 'Eddie Editor');
    const { page } = member;
    const focused = () => page.evaluate(`document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent || ''`) as Promise<string>;
    const ids = await addFeatures(page, ['Checkout', 'Search', 'Audit log']);
    const checkout = ids.get('Checkout')!;
    const search = ids.get('Search')!;
    await cardOf(page, ids.get('Audit log')!);
    // The dialog gave the focus back to the button that opened it; Escape closes it the same way.
    expect(await focused()).toBe('+ Add features');
    await page.keyboard.press('Enter');
    await eventually(focused, { until: (f) => f === 'Feature titles, one per line', what: 'the dialog takes the focus', timeout: 30_000 });
    await page.keyboard.press('Escape');
    await eventually(focused, { until: (f) => f === '+ Add features', what: 'focus back on + Add features', timeout: 30_000 });
    expect(await page.getByRole('dialog').count()).toBe(0);
    // From the top of the page, the first Tab offers a way past the cards (five stops each) to the ranking.
    await page.locator('.topbar__title').click();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await eventually(focused, { until: (f) => f === 'Skip to the ranking', what: 'skip link', timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await eventually(() => page.evaluate(`!!document.activeElement?.closest('section.ranking')`), { until: (inside) => inside === true, what: 'Tab goes on inside the ranking panel', timeout: 30_000 });

    // Details through the drawer opened from the card: the keyboard goes to its title field.
    await page.getByRole('button', { name: 'Edit Checkout' }).click();
    const drawer = page.getByRole('complementary', { name: 'Edit Checkout' });
    await eventually(() => page.evaluate(`document.activeElement?.closest('.drawer') ? document.activeElement.value : null`), { until: (v) => v === 'Checkout', what: 'title field focused', timeout: 30_000 });
    await drawer.getByLabel('Title').fill('Checkout v2');
    await drawer.getByLabel('Team').fill('Payments');
    await drawer.getByLabel('Theme').fill('Conversion');
    await drawer.getByLabel('Title').focus(); // blur Theme: saved
    await drawer.getByRole('button', { name: 'Done' }).click();
    await eventually(() => page.locator(`[data-card-feature-id="${checkout}"]`).textContent(), { until: (t) => !!t?.includes('Checkout v2') && t.includes('Payments') && t.includes('Conversion'), what: 'card shows the new details', timeout: 30_000 });

    // Estimates in the ranking panel, by keyboard: Tab reaches the control, digits and arrows set it.
    // A short window, so the ranking list scrolls.
    await page.setViewportSize({ width: 1440, height: 560 });
    await page.locator(`[data-ranking-row][data-feature-id="${search}"] .rank-row__main`).click();
    const bv = page.locator(`.rank-row__edit [data-estimate="userBusinessValue"][data-feature-id="${search}"]`);
    await bv.locator('[tabindex="0"]').focus();
    await page.keyboard.press('1');
    await page.keyboard.press('3');
    await eventually(() => bv.locator('[aria-checked="true"]').textContent(), { until: (t) => t === '13', what: 'typed 13', timeout: 30_000 });
    // Each value is seen on screen before the next key, as a person would.
    const picked = (component: string) => page.locator(`.rank-row__edit [data-estimate="${component}"][data-feature-id="${search}"] [aria-checked="true"]`).textContent();
    await page.keyboard.press('Tab');
    await page.keyboard.press('End'); // time criticality 20
    await eventually(() => picked('timeCriticality'), { until: (t) => t === '20', what: 'time criticality 20', timeout: 30_000 });
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight'); // risk reduction 1
    await eventually(() => picked('riskReduction'), { until: (t) => t === '1', what: 'risk reduction 1', timeout: 30_000 });
    await page.keyboard.press('Tab');
    await page.keyboard.press('2'); // job size 2
    await waitForRanking(page, (r) => r[0]?.id === search && r[0]?.rank === 1);
    // The row moved from Unscored into the ranking; the keyboard stays on the value just set.
    await eventually(() => page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? ''`), { until: (l) => l === 'Job size 2', what: 'focus on job size 2', timeout: 30_000 });
    // ... and the list keeps that value in its visible area: the row moved up, the view followed it.
    const focusInList = () => page.evaluate(`(() => {
      const el = document.activeElement;
      const list = el && el.closest('.ranking__list');
      if (!list) return 'outside the list';
      const a = el.getBoundingClientRect(), b = list.getBoundingClientRect();
      return a.top >= b.top && a.bottom <= b.bottom ? 'in view' : 'scrolled away (' + Math.round(a.top) + '..' + Math.round(a.bottom) + ' in ' + Math.round(b.top) + '..' + Math.round(b.bottom) + ', scrollTop ' + list.scrollTop + ')';
    })()`) as Promise<string>;
    await eventually(focusInList, { until: (v) => v === 'in view', what: 'the focused value in the visible part of the list', timeout: 30_000 });
    await page.keyboard.press('ArrowRight');
    await eventually(() => picked('jobSize'), { until: (t) => t === '3', what: 'job size stepped to 3 from the keyboard', timeout: 30_000 });
    await page.keyboard.press('ArrowLeft');
    await eventually(() => picked('jobSize'), { until: (t) => t === '2', what: 'job size back to 2', timeout: 30_000 });
    const row = page.locator(`.rank-row__edit [data-feature-id="${search}"][aria-checked="true"], .rank-row__edit [data-feature-id="${search}"] [aria-checked="true"]`);
    expect(await row.allTextContents()).toEqual(['13', '20', '1', '2']);
    await scoreOnCard(page, checkout, [3, 3, 3, 3]);
    await waitForRanking(page, (r) => r.filter((x) => x.rank !== null).length === 2);
    await saveScreenshot(page, 'editing-panel-keyboard');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The drawer opened from the panel closes with Escape and gives the keyboard back to the control that opened it.
    await page.getByRole('button', { name: 'Edit details of Search' }).click();
    await eventually(() => page.evaluate(`document.activeElement?.closest('.drawer') ? document.activeElement.value : null`), { until: (v) => v === 'Search', what: 'title field focused', timeout: 30_000 });
    await page.keyboard.press('Escape');
    await eventually(() => page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? ''`), { until: (l) => l === 'Edit details of Search', what: 'focus back on Edit details', timeout: 30_000 });
    expect(await page.locator('.drawer').count()).toBe(0);

    // Delete from the drawer, then undo: same id, estimates and card come back.
    await page.getByRole('button', { name: 'Edit details of Search' }).click();
    await page.getByRole('button', { name: 'Delete feature' }).click();
    await waitForRanking(page, (r) => !r.some((x) => x.id === search));
    await eventually(() => page.locator(`[data-card-feature-id="${search}"]`).count(), { until: (n) => n === 0, what: 'card removed', timeout: 30_000 });
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
    await eventually(() => page.locator('[data-card-feature-id]').count(), { until: (n) => n === 6, what: 'a card per pasted line', timeout: 30_000 });

    // Lanes by theme: one labelled column per theme, each card in its theme's column.
    await page.getByLabel('Arrange cards in lanes').selectOption('theme');
    const lanes = await settledShapes(page, (b) => b.lanes.length === 2, 'two lanes');
    expect(lanes.lanes.map((l) => l.label)).toEqual(['Conversion', 'No theme']);
    const inLane = (featureId: string) => lanes.lanes.find((l) => {
      const c = lanes.cards.find((x) => x.featureId === featureId)!;
      return c.x >= l.x && c.x + c.w <= l.x + l.w && c.y >= l.y && c.y + c.h <= l.y + l.h;
    })?.label;
    expect(inLane(checkout)).toBe('Conversion');
    for (const r of await readRanking(page)) if (r.id !== checkout) expect(inLane(r.id)).toBe('No theme');
    await saveScreenshot(page, 'editing-lanes-by-theme');
    // Cards added after the lanes land in free space: on no lane and no other card.
    await page.getByRole('button', { name: '+ Add features' }).click();
    await page.getByLabel('Feature titles, one per line').fill('Late one\nLate two\nLate three');
    await page.getByRole('dialog').getByRole('button', { name: /^Add/ }).click();
    const placed = await settledShapes(page, (b) => b.cards.length === 9, 'nine cards');
    expect(overlaps(placed)).toEqual([]);
    await saveScreenshot(page, 'editing-cards-added-beside-lanes');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the board as SVG' }).click()]);
    const svgText = (await downloaded(svg)).toString('utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('Checkout v2');
    expect(svgText).toContain('Conversion');
    // Under a header with the room's title and the date; the canvas whole inside the file's width.
    expect(/data-export-title="">([^<]*)</.exec(svgText)?.[1]).toBe(roomTitle);
    expect(svgText).toMatch(/data-export-date="">\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const outer = Number(/^<svg[^>]* width="([\d.]+)"/.exec(svgText)?.[1]);
    const inner = Number(/<g transform="translate\(([\d.]+) 64\)"><svg[^>]* width="([\d.]+)"/.exec(svgText)?.slice(1).reduce((a, b) => String(Number(a) + Number(b))));
    expect(inner).toBeLessThanOrEqual(outer);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the board as PNG' }).click()]);
    const pngBytes = await downloaded(png);
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    writeFileSync(join(screenshotDir, 'editing-export.png'), pngBytes);
    expect((await readRanking(page)).length).toBe(9);
    expect(member.errors).toEqual([]);
  }, 150_000);

  it('Escape in the feature drawer keeps what was typed (text and CD3 fields), then closes it', async () => {
    const room = await createRoom(board.ladder.url, 'Escape room');
    const { page, errors } = await board.join(room.links.product, 'Eddie Escape');
    const ids = await addFeatures(page, ['Reports']);
    const reports = ids.get('Reports')!;
    await cardOf(page, reports);
    const drawer = page.locator('aside.drawer');
    const open = async (title: string) => {
      await page.getByRole('button', { name: `Edit ${title}`, exact: true }).click();
      await drawer.waitFor();
    };

    // Typed into the title, Escape straight away: the drawer closes and the new title is saved.
    await open('Reports');
    await drawer.getByLabel('Title').fill('Reports v2');
    await page.keyboard.press('Escape');
    await eventually(() => drawer.count(), { until: (n) => n === 0, what: 'the drawer closed', timeout: 30_000 });
    await waitForRanking(page, (r) => r[0]?.title === 'Reports v2');

    // The same for a description and for a CD3 number.
    await open('Reports v2');
    await drawer.getByLabel('Description').fill('Monthly PDF reports');
    await page.keyboard.press('Escape');
    await eventually(() => drawer.count(), { until: (n) => n === 0, what: 'the drawer closed', timeout: 30_000 });
    await open('Reports v2');
    expect(await drawer.getByLabel('Description').inputValue()).toBe('Monthly PDF reports');
    await drawer.getByLabel('Cost of delay per week of Reports v2').fill('1200');
    await page.keyboard.press('Escape');
    await eventually(() => drawer.count(), { until: (n) => n === 0, what: 'the drawer closed', timeout: 30_000 });
    // Recent changes names the field in words.
    await eventually(() => page.getByRole('region', { name: 'Recent changes' }).textContent(), { until: (t) => !!t?.includes('set Cost of delay per week of Reports v2 – → 1200'), what: 'the CD3 change in Recent changes', timeout: 30_000 });
    await open('Reports v2');
    expect(await drawer.getByLabel('Cost of delay per week of Reports v2').inputValue()).toBe('1200');
    await saveScreenshot(page, 'editing-escape-keeps-typing');
    expect(errors).toEqual([]);
  }, 90_000);

  /** A room where Fran (facilitator) added Checkout, Search and Audit log, and Polly (portfolio) watches. */
  async function undoRoom(title: string) {
    const room = await createRoom(board.ladder.url, title);
    const fran = await board.join(room.links.facilitator, 'Fran Facilitator');
    const polly = await board.join(room.links.portfolio, 'Polly Portfolio');
    const ids = await addFeatures(fran.page, ['Checkout', 'Search', 'Audit log']);
    return { fran, polly, ids };
  }

  it('Ctrl+Z or the undo arrow after deleting a card brings its feature back on every screen', async () => {
    const { fran, polly, ids } = await undoRoom('Undo room');
    const checkout = ids.get('Checkout')!;
    const search = ids.get('Search')!;
    await scoreOnCard(fran.page, checkout, [3, 5, 8, 2]);
    for (const m of [fran, polly]) await waitForRanking(m.page, (r) => r.length === 3 && r[0]?.id === checkout && r[0]?.rank === 1);
    const estimates = (m: typeof fran) => m.page.locator(`.card [data-feature-id="${checkout}"] [aria-checked="true"]`).allTextContents();
    const dead = (m: typeof fran) => m.page.locator('.card--missing').count();

    // Delete the card on the canvas, then Ctrl+Z: the feature is back with its estimates and its card, everywhere.
    await fran.page.locator(`[data-card-feature-id="${checkout}"] .card__title`).click();
    await fran.page.keyboard.press('Delete');
    for (const m of [fran, polly]) await waitForRanking(m.page, (r) => !r.some((x) => x.id === checkout));
    await fran.page.getByText('Deleted “Checkout”.').waitFor();
    await fran.page.keyboard.press('Control+z');
    for (const m of [fran, polly]) {
      const back = await waitForRanking(m.page, (r) => r.some((x) => x.id === checkout && x.rank === 1));
      expect(back.find((x) => x.id === checkout)?.title).toBe('Checkout');
      await cardOf(m.page, checkout);
      await eventually(() => estimates(m), { until: (v) => v.join(',') === '3,5,8,2', what: 'the estimates came back', timeout: 30_000 });
      expect(await dead(m)).toBe(0);
    }
    // The undo offer has done its work: it goes.
    await eventually(() => fran.page.getByText('Deleted “Checkout”.').count(), { until: (n) => n === 0, what: 'the undo notice went', timeout: 30_000 });
    await saveScreenshot(polly.page, 'editing-ctrl-z-restores-feature');
    // Redo deletes it again, with a fresh undo offer; Ctrl+Z once more brings it back.
    await fran.page.keyboard.press('Control+Shift+z');
    for (const m of [fran, polly]) await waitForRanking(m.page, (r) => !r.some((x) => x.id === checkout));
    await fran.page.getByText('Deleted “Checkout”.').waitFor();
    await fran.page.keyboard.press('Control+z');
    for (const m of [fran, polly]) {
      await waitForRanking(m.page, (r) => r.some((x) => x.id === checkout && x.rank === 1));
      await eventually(() => estimates(m), { until: (v) => v.join(',') === '3,5,8,2', what: 'the estimates came back again', timeout: 30_000 });
      expect(await dead(m)).toBe(0);
    }

    // The same with tldraw's undo arrow.
    await fran.page.locator(`[data-card-feature-id="${search}"] .card__title`).click();
    await fran.page.keyboard.press('Delete');
    for (const m of [fran, polly]) await waitForRanking(m.page, (r) => !r.some((x) => x.id === search));
    await fran.page.locator('[data-testid="quick-actions.undo"]').click();
    for (const m of [fran, polly]) {
      await waitForRanking(m.page, (r) => r.some((x) => x.id === search && x.title === 'Search'));
      await cardOf(m.page, search);
      expect(await dead(m)).toBe(0);
    }
    expect(fran.errors).toEqual([]);
    expect(polly.errors).toEqual([]);
  }, 120_000);

  it('Ctrl+Z never brings back a card whose feature was deleted on another screen', async () => {
    const { fran, polly, ids } = await undoRoom('Undo elsewhere room');
    const audit = ids.get('Audit log')!;
    for (const m of [fran, polly]) await cardOf(m.page, audit);
    const dead = (m: typeof fran) => m.page.locator('.card--missing').count();

    // Fran moves the Audit log card; Polly deletes Audit log from the drawer. Fran's Ctrl+Z would put the card back
    // where it was, but its feature is gone: the card is taken off again and Fran is told why.
    // The camera glides to fit the new cards: the drag starts once the card stands still, and has moved it (Fran can undo).
    await settledShapes(fran.page, (s) => s.cards.some((c) => c.featureId === audit), 'the Audit log card in place');
    const title = fran.page.locator(`[data-card-feature-id="${audit}"] .card__title`);
    const box = (await title.boundingBox())!;
    await fran.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await fran.page.mouse.down();
    await fran.page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 160, { steps: 8 });
    await fran.page.mouse.up();
    await eventually(() => fran.page.locator('[data-testid="quick-actions.undo"]').isEnabled(), { until: (on) => on, what: 'Fran\'s move in her undo history', timeout: 30_000 });
    await polly.page.getByRole('button', { name: 'Edit Audit log', exact: true }).click();
    await polly.page.getByRole('button', { name: 'Delete feature' }).click();
    for (const m of [fran, polly]) {
      await waitForRanking(m.page, (r) => r.length === 2 && !r.some((x) => x.id === audit));
      await eventually(() => m.page.locator(`.card--missing, [data-card-feature-id="${audit}"]`).count(), { until: (n) => n === 0, what: 'the card went with its feature', timeout: 30_000 });
    }
    // A deletion writes no name into the document: Fran's Recent changes names Polly from the server's history.
    await fran.page.locator('section.activity li').filter({ hasText: 'Polly Portfolio deleted Audit log' }).waitFor();
    await fran.page.keyboard.press('Control+z');
    await fran.page.getByText('That card’s feature was deleted, so the card cannot come back.').waitFor();
    expect(await dead(fran)).toBe(0);
    await eventually(() => dead(polly), { until: (n) => n === 0, what: 'no card without its feature on Polly\'s screen', timeout: 30_000 });
    expect((await readRanking(polly.page)).map((r) => r.title).sort()).toEqual(['Checkout', 'Search']);
    expect(fran.errors).toEqual([]);
    expect(polly.errors).toEqual([]);
  }, 120_000);
});
