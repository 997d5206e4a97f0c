import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

/** The focused element as a keyboard user hears it: its accessible name (aria-label, its label, else its text), or <body>. */
const focused = (page: Page) => page.evaluate(`(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '<body>';
  const label = el.labels && el.labels[0] ? (el.labels[0].textContent || '').trim() : '';
  return el.getAttribute('aria-label') || label || (el.textContent || '').trim() || el.tagName;
})()`) as Promise<string>;

/** Whether the focus is inside `locator`'s element. */
const focusInside = (locator: Locator) => locator.evaluate((el) => el.contains((el.ownerDocument as unknown as { activeElement: unknown }).activeElement as never));

/** Presses `key` and waits until the focus is on `name`. */
async function pressTo(page: Page, key: string, name: string, what: string): Promise<void> {
  await page.keyboard.press(key);
  await eventually(() => focused(page), { until: (f) => f === name, what: `${key}: ${what}`, timeout: 30_000 });
}

describe('browser: the keyboard focus after panel actions and in dialogs', () => {
  const board = useBoardHarness();

  /** A room with two features, imported by a script, and its facilitator in the browser (with the room's links). */
  async function roomWithFacilitator(title: string) {
    const room = await createRoom(board.ladder.url, title);
    const script = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Backlog script');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: script.token, contentType: 'text/csv', body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,3,3,3,8\nSearch,,,,\n',
    });
    expect(imported.status).toBe(200);
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    await waitForRanking(fay.page, (r) => r.length === 2);
    return Object.assign(fay, { room });
  }

  /** Starts a one-feature round by mouse on the expanded panel and waits for its vote rows. */
  async function startByMouse(page: Page): Promise<Locator> {
    const panel = page.locator('section[data-estimation-round]');
    await page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await panel.getByRole('button', { name: 'Start round' }).click();
    await panel.getByRole('radiogroup', { name: 'Your vote: Business value' }).waitFor();
    return panel;
  }

  /**
   * Votes Business value 2 by mouse, reveals by mouse, and waits until Accept can be pressed. One value of four is a
   * partial vote: it is stored and shown as partial, not counted as done.
   */
  async function voteAndRevealByMouse(page: Page, panel: Locator): Promise<void> {
    await panel.getByRole('radio', { name: 'Business value 2', exact: true }).click();
    await eventually(() => panel.locator('[data-voter][data-parts], [data-voter][data-voted="true"]').count(), { until: (count) => count >= 1, what: 'the vote counted', timeout: 30_000 });
    await panel.getByRole('button', { name: 'Reveal' }).click();
    const accept = panel.getByRole('button', { name: 'Accept consensus' });
    await accept.waitFor();
    await eventually(() => accept.isEnabled(), { until: (on) => on, what: 'Accept enabled', timeout: 30_000 });
  }

  it('expanding and hiding the estimation panel keep the keyboard on its Hide and Estimation buttons', async () => {
    const { page, errors } = await roomWithFacilitator('Focus expand');
    // The collapsed and the expanded panel are different elements: the button pressed is gone after each.
    await page.getByRole('button', { name: 'Estimation', exact: true }).focus();
    await pressTo(page, 'Enter', 'Hide', 'the expanded panel keeps the focus');
    await pressTo(page, 'Enter', 'Estimation', 'the collapsed panel keeps the focus');
    await pressTo(page, 'Space', 'Hide', 'expanded again by Space');
    expect(errors).toEqual([]);
  }, 90_000);

  it('Start round puts the keyboard on the new round\'s first vote', async () => {
    const { page, errors } = await roomWithFacilitator('Focus start');
    const panel = page.locator('section[data-estimation-round]');
    await page.getByRole('button', { name: 'Estimation', exact: true }).click();
    await panel.getByRole('button', { name: 'Start round' }).focus();
    await pressTo(page, 'Enter', 'Business value 1', 'the first vote of the new round');
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-vote-key')`)).toBe('userBusinessValue');
    expect(await panel.getAttribute('data-round-status')).toBe('open');
    // From there the keyboard votes: the row's keys, then Tab to the next row.
    await pressTo(page, 'ArrowRight', 'Business value 2', 'a vote by arrow');
    await pressTo(page, 'Tab', 'Time criticality 1', 'the next row');
    await eventually(() => panel.locator('[data-voter][data-parts], [data-voter][data-voted="true"]').count(), { until: (count) => count >= 1, what: 'the vote counted', timeout: 30_000 });
    expect(errors).toEqual([]);
  }, 90_000);

  it('Reveal puts the keyboard on the result\'s Accept; Re-vote on the new round\'s first vote', async () => {
    const { page, errors } = await roomWithFacilitator('Focus reveal');
    const panel = await startByMouse(page);
    await panel.getByRole('radio', { name: 'Business value 2', exact: true }).click();
    await eventually(() => panel.locator('[data-voter][data-parts], [data-voter][data-voted="true"]').count(), { until: (count) => count >= 1, what: 'the vote counted', timeout: 30_000 });
    await panel.getByRole('button', { name: 'Reveal' }).focus();
    await pressTo(page, 'Enter', 'Accept consensus', 'the result\'s Accept');
    expect(await panel.getAttribute('data-round-status')).toBe('revealed');
    await pressTo(page, 'Tab', 'Re-vote', 'Re-vote beside Accept');
    // The new round's rows start empty: the keyboard is on the first value, not on the last round's vote.
    await pressTo(page, 'Enter', 'Business value 1', 'the first vote of the re-vote');
    expect(await panel.getAttribute('data-round-status')).toBe('open');
    expect(errors).toEqual([]);
  }, 90_000);

  it('Accept consensus puts the keyboard on the form for the next round, whose Start round goes to its first vote', async () => {
    const { page, errors } = await roomWithFacilitator('Focus accept');
    const panel = await startByMouse(page);
    await voteAndRevealByMouse(page, panel);
    await panel.getByRole('button', { name: 'Accept consensus' }).focus();
    await page.keyboard.press('Enter');
    await eventually(() => panel.getAttribute('data-round-status'), { until: (s) => s === 'accepted', what: 'the round accepted', timeout: 30_000 });
    await eventually(() => focused(page), { until: (f) => f === 'One feature', what: 'the first control of the form for the next round', timeout: 30_000 });
    expect(await focusInside(panel.getByRole('form', { name: 'Start a round' }))).toBe(true);
    // The next round by keyboard: its rows start empty though the last round had a vote in them.
    await panel.getByRole('button', { name: 'Start round' }).focus();
    await pressTo(page, 'Enter', 'Business value 1', 'the first vote of the next round');
    expect(errors).toEqual([]);
  }, 90_000);

  it('a voter\'s keyboard stays in the panel when the facilitator\'s reveal takes its vote rows away', async () => {
    const fay = await roomWithFacilitator('Focus remote reveal');
    const pia = await board.join(fay.room.links.product, 'Pia Product');
    const faysPanel = await startByMouse(fay.page);
    const panel = pia.page.locator('section[data-estimation-round]');
    await panel.getByRole('radiogroup', { name: 'Your vote: Business value' }).waitFor();
    await panel.getByRole('radio', { name: 'Business value 1', exact: true }).focus();
    await pressTo(pia.page, 'ArrowRight', 'Business value 2', 'Pia votes by arrow');
    await eventually(() => faysPanel.locator('[data-voter][data-parts], [data-voter][data-voted="true"]').count(), { until: (count) => count >= 1, what: 'Pia\'s vote counted', timeout: 30_000 });
    await faysPanel.getByRole('button', { name: 'Reveal' }).click();
    await eventually(() => panel.getAttribute('data-round-status'), { until: (s) => s === 'revealed', what: 'revealed on Pia\'s screen', timeout: 30_000 });
    await eventually(() => focused(pia.page), { until: (f) => f !== '<body>', what: 'Pia\'s keyboard not dropped to the page', timeout: 30_000 });
    expect(await focusInside(panel)).toBe(true);
    expect(pia.errors).toEqual([]);
  }, 90_000);

  it('History puts the keyboard on the panel\'s first control; closing gives it back to the History button', async () => {
    const fay = await roomWithFacilitator('Focus history');
    const { page } = fay;
    await page.getByRole('button', { name: 'Show the history and replay' }).focus();
    await pressTo(page, 'Enter', 'Reload the history', 'the history panel\'s first control');
    expect(await focusInside(page.getByRole('complementary', { name: 'History and replay' }))).toBe(true);
    await page.getByRole('button', { name: 'Close the history' }).focus();
    await pressTo(page, 'Enter', 'Show the history and replay', 'back on the History button');
    expect(fay.errors).toEqual([]);
  }, 90_000);

  it('Invite… keeps Tab and Shift+Tab inside and Close gives the keyboard back to Invite…', async () => {
    const fay = await roomWithFacilitator('Focus invite');
    const { page } = fay;
    // Invite…: the links load; from Close (the last control) Tab goes to the first link, Shift+Tab back.
    const inviteOpener = page.getByRole('button', { name: "Invite people: the room's invite links" });
    await inviteOpener.focus();
    await page.keyboard.press('Enter');
    const invite = page.locator('[data-invite-dialog]');
    await eventually(() => invite.locator('[data-invite-role]').count(), { until: (n) => n === 4, what: 'four links', timeout: 30_000 });
    await eventually(() => focused(page), { until: (f) => f === 'Close', what: 'Invite… focuses Close', timeout: 30_000 });
    const firstLink = await invite.locator('input').first().getAttribute('aria-label') ?? '';
    expect(firstLink).toMatch(/invite link$/);
    await pressTo(page, 'Tab', firstLink, 'Tab from the last control goes to the first');
    await pressTo(page, 'Shift+Tab', 'Close', 'Shift+Tab from the first control goes to the last');
    await pressTo(page, 'Enter', 'Invite people: the room\'s invite links', 'Close gives the focus back to Invite…');
    expect(await invite.count()).toBe(0);
    expect(fay.errors).toEqual([]);
  }, 90_000);

  it('Import CSV takes the keyboard on its first control and keeps Tab and Shift+Tab inside', async () => {
    const fay = await roomWithFacilitator('Focus import');
    const { page } = fay;
    // Import CSV: the dialog's first control takes the keyboard (not the toolbar behind it).
    await page.getByRole('button', { name: 'Import CSV' }).focus();
    await pressTo(page, 'Enter', 'Choose a file…', 'Import CSV focuses its first control');
    const importDialog = page.getByRole('dialog', { name: 'Import a backlog CSV' });
    await pressTo(page, 'Shift+Tab', 'Close', 'Shift+Tab from the first control goes to the last');
    await pressTo(page, 'Tab', 'Choose a file…', 'Tab from the last control goes to the first');
    await pressTo(page, 'Escape', 'Import CSV', 'Escape gives the focus back to Import CSV');
    expect(await importDialog.count()).toBe(0);
    expect(fay.errors).toEqual([]);
  }, 90_000);

  it('People keeps Tab and Shift+Tab inside the list', async () => {
    const fay = await roomWithFacilitator('Focus people');
    const { page } = fay;
    // People: from its last control (the facilitator's Remove action beside the one other person) Tab goes round to ✕
    // and back, and the list stays open.
    const toggle = page.getByRole('button', { name: /^People: / });
    await toggle.focus();
    await pressTo(page, 'Enter', 'Find a person', 'People focuses its search field');
    const people = page.getByRole('dialog', { name: 'People in this room' });
    await people.getByRole('button', { name: 'Remove Backlog script from the room' }).waitFor();
    await pressTo(page, 'Tab', 'Remove Backlog script from the room', 'Tab from the search field goes to the Remove action');
    await pressTo(page, 'Tab', 'Close the people list', 'Tab from the last control stays in the list');
    await pressTo(page, 'Shift+Tab', 'Remove Backlog script from the room', 'Shift+Tab from ✕ stays in the list');
    expect(await people.count()).toBe(1);
    await page.keyboard.press('Escape');
    await eventually(() => people.count(), { until: (n) => n === 0, what: 'People closed', timeout: 30_000 });
    expect((await focused(page)).startsWith('People: ')).toBe(true);
    expect(fay.errors).toEqual([]);
  }, 90_000);

  it('Restore… takes the keyboard on its first field and keeps Tab and Shift+Tab inside', async () => {
    const fay = await roomWithFacilitator('Focus restore');
    const { page } = fay;
    // Restore…: its first field takes the keyboard; Tab from Close and Shift+Tab from the first tab stay inside.
    const safetyOpener = page.locator('[data-safety-open]');
    await safetyOpener.focus();
    await page.keyboard.press('Enter');
    const safety = page.getByRole('dialog', { name: 'Restore or revert' });
    await safety.waitFor();
    await eventually(() => page.evaluate(`document.activeElement?.hasAttribute('data-restore-seq') ?? false`), { until: (v) => v === true, what: 'Restore… focuses the update number', timeout: 30_000 });
    await safety.getByRole('button', { name: 'Close' }).focus();
    await pressTo(page, 'Tab', 'Restore a point', 'Tab from Close goes to the first tab');
    await pressTo(page, 'Shift+Tab', 'Close', 'Shift+Tab from the first tab goes to Close');
    await pressTo(page, 'Enter', 'Restore a point or revert a participant', 'Close gives the focus back to Restore…');
    expect(await safety.count()).toBe(0);
    expect(fay.errors).toEqual([]);
  }, 90_000);
});
