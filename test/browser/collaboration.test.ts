import { describe, expect, it } from 'vitest';
import { createRoom } from '../support/server';
import { saveScreenshot } from '../support/browser';
import { addFeatures, cardOf, readRanking, scoreOnCard, setOnCard, until, waitForRanking } from './board';
import { useBoardHarness } from './harness';

describe('browser: a planning group ranks together', () => {
  const board = useBoardHarness();

  it('an estimate set on a card re-ranks every screen; the observer sees it and cannot edit', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.2 planning');
    const product = await board.join(room.links.product, 'Priya Product');
    const portfolio = await board.join(room.links.portfolio, 'Lars Portfolio');
    const observer = await board.join(room.links.observer, 'Olga Observer');
    // The room title and the role are shown; everyone appears in the participants list.
    await until(() => product.page.locator('.topbar__title').textContent(), (t) => t === 'PI 26.2 planning', 'room title');
    await until(() => product.page.locator('[data-participant][data-online="true"]').count(), (n) => n === 3, 'three online');
    expect(await observer.page.getByText('View only').isVisible()).toBe(true);

    const ids = await addFeatures(product.page, ['Self-service onboarding', 'EU data residency']);
    const onboarding = ids.get('Self-service onboarding')!;
    const residency = ids.get('EU data residency')!;
    await cardOf(product.page, onboarding);
    await cardOf(product.page, residency);
    await scoreOnCard(product.page, onboarding, [8, 5, 3, 2]); // WSJF 8
    await scoreOnCard(product.page, residency, [5, 3, 2, 5]); // WSJF 2
    const before = await waitForRanking(portfolio.page, (r) => r.length === 2 && r[0]?.id === onboarding && r[1]?.rank === 2);
    expect(before.map((r) => r.id)).toEqual([onboarding, residency]);

    // Portfolio raises the time criticality of EU data residency on its card: it overtakes.
    await cardOf(portfolio.page, residency);
    await setOnCard(portfolio.page, residency, 'timeCriticality', 20); // (5+20+2)/5 = 5.4 < 8
    await setOnCard(portfolio.page, residency, 'jobSize', 1); // 27 > 8
    const after = await waitForRanking(product.page, (r) => r[0]?.id === residency && r[0]?.rank === 1);
    expect(after.map((r) => [r.id, r.rank])).toEqual([[residency, 1], [onboarding, 2]]);
    // The move is shown with its old and new rank.
    await until(() => product.page.locator(`[data-ranking-row][data-feature-id="${residency}"] .move`).textContent(), (t) => !!t?.includes('#2 → #1'), 'move badge');
    // Live cursors: the portfolio's pointer on the canvas shows on the product's screen with its name.
    await portfolio.page.mouse.move(420, 650);
    await portfolio.page.mouse.move(460, 680, { steps: 4 });
    await until(() => product.page.locator('.tl-container').getByText('Lars Portfolio').count(), (n) => n > 0, 'cursor of Lars');
    await saveScreenshot(product.page, 'collaboration-product-after-reorder');

    // The observer sees the same ranking live, and is offered no edit.
    const seen = await waitForRanking(observer.page, (r) => r[0]?.id === residency);
    expect(seen.map((r) => r.id)).toEqual([residency, onboarding]);
    expect(await observer.page.getByRole('button', { name: '+ Add features' }).count()).toBe(0);
    expect(await observer.page.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    const card = await cardOf(observer.page, residency);
    expect(await card.locator('button:not([disabled])').count()).toBe(0);
    await card.locator('[data-value="13"]').first().click({ force: true });
    await observer.page.keyboard.press('Delete');
    await observer.page.waitForTimeout(500);
    expect((await readRanking(product.page)).map((r) => r.id)).toEqual([residency, onboarding]);
    await saveScreenshot(observer.page, 'collaboration-observer');

    // Off-scale values typed on the keyboard are refused with a message.
    const control = product.page.locator(`.card [data-estimate="riskReduction"][data-feature-id="${onboarding}"] [aria-checked="true"]`);
    await control.focus();
    await product.page.keyboard.press('4');
    await until(() => product.page.locator('.notice--error').allTextContents(), (t) => t.some((x) => x.includes("4 is not on this room's scale")), 'off-scale message');
    // Arrow keys step along the scale: 3 → 5.
    await control.focus();
    await product.page.keyboard.press('ArrowRight');
    await until(() => product.page.locator(`.card [data-estimate="riskReduction"][data-feature-id="${onboarding}"] [aria-checked="true"]`).textContent(), (t) => t === '5', 'arrow key stepped to 5');
    await saveScreenshot(product.page, 'collaboration-off-scale');

    for (const m of [product, portfolio, observer]) expect(m.errors).toEqual([]);
  }, 150_000);
});
