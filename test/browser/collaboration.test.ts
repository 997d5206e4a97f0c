import { describe, expect, it } from 'vitest';
import { createRoom } from '../support/server';
import { saveScreenshot } from '../support/browser';
import { addFeatures, cardFit, cardOf, readRanking, scoreOnCard, setOnCard, waitForRanking, type CardFit } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

describe('browser: a planning group ranks together', () => {
  const board = useBoardHarness();

  it('an estimate set on a card re-ranks every screen; the observer sees it and cannot edit', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.2 planning');
    const product = await board.join(room.links.product, 'Priya Product');
    const portfolio = await board.join(room.links.portfolio, 'Lars Portfolio');
    const observer = await board.join(room.links.observer, 'Olga Observer');
    // The room title and the role are shown; everyone appears in the participants list.
    await eventually(() => product.page.locator('.topbar__title').textContent(), { until: (t) => t === 'PI 26.2 planning', what: 'room title', timeout: 30_000 });
    await eventually(() => product.page.locator('[data-participant][data-online="true"]').count(), { until: (n) => n === 3, what: 'three online', timeout: 30_000 });
    expect(await observer.page.getByText('View only').isVisible()).toBe(true);
    // An empty board tells a writer how to fill it, and an observer that features will appear.
    expect(await observer.page.locator('.ranking .empty').textContent()).toBe('No features yet. They appear here as soon as someone adds them.');
    expect(await product.page.locator('.ranking .empty').textContent()).toContain('import a backlog CSV');
    await saveScreenshot(observer.page, 'collaboration-observer-empty');

    const longTitle = 'Self-service onboarding for new enterprise customers and their admins';
    const ids = await addFeatures(product.page, [longTitle, 'EU data residency']);
    const onboarding = ids.get(longTitle)!;
    const residency = ids.get('EU data residency')!;
    await cardOf(product.page, onboarding);
    await cardOf(product.page, residency);
    // A card shows all four estimate rows, each on one line, and its CoD/WSJF footer: without values, with some,
    // with all, for a writer and for the observer. The card offers no × (Delete clears there).
    const fits: CardFit = { rows: Array.from({ length: 4 }, () => ({ lines: 1, inside: true })), footInside: true, clearButtons: 0 };
    expect(await cardFit(product.page, onboarding)).toEqual(fits);
    await setOnCard(product.page, onboarding, 'userBusinessValue', 20);
    expect(await cardFit(product.page, onboarding)).toEqual(fits);
    await scoreOnCard(product.page, onboarding, [8, 5, 3, 2]); // WSJF 8
    await scoreOnCard(product.page, residency, [5, 3, 2, 5]); // WSJF 2
    await setOnCard(product.page, onboarding, 'timeCriticality', 20);
    await setOnCard(product.page, onboarding, 'timeCriticality', 5);
    expect(await cardFit(product.page, onboarding)).toEqual(fits);
    expect(await cardFit(product.page, residency)).toEqual(fits);
    await saveScreenshot(product.page, 'collaboration-cards-scored');
    const before = await waitForRanking(portfolio.page, (r) => r.length === 2 && r[0]?.id === onboarding && r[1]?.rank === 2);
    expect(before.map((r) => r.id)).toEqual([onboarding, residency]);

    // Portfolio raises the time criticality of EU data residency on its card: it overtakes.
    await cardOf(portfolio.page, residency);
    await setOnCard(portfolio.page, residency, 'timeCriticality', 20); // (5+20+2)/5 = 5.4 < 8
    await setOnCard(portfolio.page, residency, 'jobSize', 1); // 27 > 8
    const after = await waitForRanking(product.page, (r) => r[0]?.id === residency && r[0]?.rank === 1);
    expect(after.map((r) => [r.id, r.rank])).toEqual([[residency, 1], [onboarding, 2]]);
    // The move is shown with its old and new rank and who made it; Recent changes says what was changed.
    await eventually(() => product.page.locator(`[data-ranking-row][data-feature-id="${residency}"] .move`).textContent(), { until: (t) => !!t?.includes('#2 → #1') && t.includes('Lars Portfolio'), what: 'move badge', timeout: 30_000 });
    await eventually(() => product.page.getByRole('region', { name: 'Recent changes' }).textContent(), { until: (t) => !!t?.includes('Lars Portfolio set Job size of EU data residency 5 → 1'), what: 'recent change by Lars', timeout: 30_000 });
    // Live cursors: the portfolio's pointer on the canvas shows on the product's screen with its name.
    await portfolio.page.mouse.move(420, 650);
    await portfolio.page.mouse.move(460, 680, { steps: 4 });
    await eventually(() => product.page.locator('.tl-container').getByText('Lars Portfolio').count(), { until: (n) => n > 0, what: 'cursor of Lars', timeout: 30_000 });
    // Lars's avatar in the header wears his cursor's colour.
    // Runs in the page; described structurally because this package has no DOM types.
    const background = (node: unknown) => (globalThis as unknown as { getComputedStyle(n: unknown): { backgroundColor: string } }).getComputedStyle(node).backgroundColor;
    const cursorColour = await product.page.locator('.tl-nametag', { hasText: 'Lars Portfolio' }).evaluate(background);
    const avatarColour = await product.page.locator('[data-participant][aria-label^="Lars Portfolio"]').evaluate(background);
    expect(avatarColour).toBe(cursorColour);
    await saveScreenshot(product.page, 'collaboration-product-after-reorder');

    // The observer sees the same ranking live, and is offered no edit.
    const seen = await waitForRanking(observer.page, (r) => r[0]?.id === residency);
    expect(seen.map((r) => r.id)).toEqual([residency, onboarding]);
    expect(await observer.page.getByRole('button', { name: '+ Add features' }).count()).toBe(0);
    expect(await observer.page.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    const card = await cardOf(observer.page, residency);
    await cardOf(observer.page, onboarding);
    expect(await cardFit(observer.page, residency)).toEqual(fits);
    expect(await cardFit(observer.page, onboarding)).toEqual(fits);
    expect(await card.locator('button:not([disabled])').count()).toBe(0);
    await card.locator('[data-value="13"]').first().click({ force: true });
    await observer.page.keyboard.press('Delete');
    // The observer can open a ranking row, but it offers no estimate to set and no details to edit. This is also the
    // marker for the click and the Delete: once the row has opened, this screen has handled the keys before it, and an
    // edit they made would be in its own ranking already (nothing leaves an observer's screen that is not there first).
    await observer.page.locator(`[data-ranking-row][data-feature-id="${residency}"] .rank-row__main`).click();
    const opened = observer.page.locator(`.ranking [data-estimate][data-feature-id="${residency}"]`);
    await eventually(() => opened.count(), { until: (n) => n === 4, what: 'the observer sees the four estimates of the row', timeout: 30_000 });
    expect((await readRanking(observer.page)).map((r) => [r.id, r.rank])).toEqual([[residency, 1], [onboarding, 2]]);
    expect((await readRanking(product.page)).map((r) => r.id)).toEqual([residency, onboarding]);
    expect(await opened.locator('button:not([disabled])').count()).toBe(0);
    expect(await observer.page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await observer.page.getByLabel('Arrange cards in lanes').count()).toBe(0);
    await saveScreenshot(observer.page, 'collaboration-observer');

    // Off-scale values typed on the keyboard are refused with a message.
    const control = product.page.locator(`.card [data-estimate="riskReduction"][data-feature-id="${onboarding}"] [aria-checked="true"]`);
    await control.focus();
    await product.page.keyboard.press('4');
    await eventually(() => product.page.locator('.notice--error').allTextContents(), { until: (t) => t.some((x) => x.includes("4 is not on this room's scale")), what: 'off-scale message', timeout: 30_000 });
    // Arrow keys step along the scale: 3 → 5.
    await control.focus();
    await product.page.keyboard.press('ArrowRight');
    await eventually(() => product.page.locator(`.card [data-estimate="riskReduction"][data-feature-id="${onboarding}"] [aria-checked="true"]`).textContent(), { until: (t) => t === '5', what: 'arrow key stepped to 5', timeout: 30_000 });
    await saveScreenshot(product.page, 'collaboration-off-scale');
    // A second click on the chosen value keeps it; Delete clears it on the card.
    const chosen = product.page.locator(`.card [data-estimate="riskReduction"][data-feature-id="${onboarding}"] [data-value="5"]`);
    await chosen.click();
    // Marker: a change on the same card after the click; once it shows, the click has been handled.
    await setOnCard(product.page, onboarding, 'userBusinessValue', 13);
    expect(await chosen.getAttribute('aria-checked')).toBe('true');
    await chosen.focus();
    await product.page.keyboard.press('Delete');
    await eventually(() => product.page.locator(`.card [data-estimate="riskReduction"][data-feature-id="${onboarding}"] [aria-checked="true"]`).count(), { until: (n) => n === 0, what: 'Delete cleared the estimate', timeout: 30_000 });
    await eventually(() => readRanking(observer.page), { until: (r) => r.find((x) => x.id === onboarding)?.rank === null, what: 'cleared feature unscored for the observer', timeout: 30_000 });
    expect(await cardFit(product.page, onboarding)).toEqual(fits);

    for (const m of [product, portfolio, observer]) expect(m.errors).toEqual([]);
    // The observer leaves: the others see them offline.
    await observer.context.close();
    await eventually(() => product.page.locator('[data-participant][aria-label^="Olga Observer"]').getAttribute('data-online'), { until: (v) => v === 'false', what: 'Olga shown offline', timeout: 30_000 });
    expect(await product.page.locator('[data-participant][aria-label^="Olga Observer"]').getAttribute('aria-label')).toBe('Olga Observer, Observer, offline');
  }, 150_000);
});
