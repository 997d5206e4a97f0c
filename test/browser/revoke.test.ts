import { describe, expect, it } from 'vitest';
import { eventually } from '@ladder/testing';
import { saveScreenshot } from '../support/browser';
import { api } from '../support/http';
import { createRoom } from '../support/server';
import { useBoardHarness } from './harness';

// Access has a lifecycle (docs/operations.md, "Access"): the facilitator removes a participant from the People list, and replaces
// a role's invite link in the Invite dialog. Two people in Chromium against a real server.

describe('browser: removing a participant, replacing a link', () => {
  const board = useBoardHarness();

  it('the facilitator removes a participant with the keyboard; their board says they were removed, and their token is refused', async () => {
    const room = await createRoom(board.ladder.url, 'Removal room');
    const fran = await board.join(room.links.facilitator, 'Fran Facilitator');
    const pat = await board.join(room.links.product, 'Pat Product');
    const patSession = JSON.parse(await pat.page.evaluate<string>(`localStorage.getItem('ladder:session:${room.roomId}') ?? 'null'`)) as { token: string; participantId: string };

    // Fran opens People: Pat is there, online, with a Remove action; Fran has none for herself.
    const people = fran.page.getByRole('button', { name: /^People:/ });
    const list = fran.page.getByRole('dialog', { name: 'People in this room' });
    const patRow = list.locator(`[data-participant-id="${patSession.participantId}"]`);
    await eventually(async () => {
      if ((await list.count()) === 0) await people.click();
      return patRow.getAttribute('data-online');
    }, { until: (v) => v === 'true', what: 'Pat online in the People list', timeout: 30_000 });
    expect(await list.getByRole('button', { name: 'Remove Fran Facilitator from the room' }).count()).toBe(0);

    // The keyboard: the Remove action, then its confirmation; Escape keeps Pat and gives the focus back.
    const remove = list.getByRole('button', { name: 'Remove Pat Product from the room' });
    await remove.focus();
    await fran.page.keyboard.press('Enter');
    const confirm = list.getByRole('group', { name: 'Remove Pat Product?' });
    await confirm.waitFor();
    expect(await fran.page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe('Keep Pat Product in the room');
    await fran.page.keyboard.press('Escape');
    await eventually(() => fran.page.evaluate(`document.activeElement?.getAttribute('aria-label')`), { until: (v) => v === 'Remove Pat Product from the room', what: 'the focus back on Remove', timeout: 30_000 });
    expect(await list.count()).toBe(1);
    await fran.page.keyboard.press('Enter');
    await saveScreenshot(fran.page, 'revoke-confirm');
    await fran.page.keyboard.press('Shift+Tab');
    expect(await fran.page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe('Confirm: remove Pat Product from the room');
    await fran.page.keyboard.press('Enter');

    // Pat's board says so, and does not go back to connecting.
    const notice = pat.page.getByRole('alertdialog', { name: 'You were removed from this room' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('The facilitator removed you from “Removal room”');
    expect(await pat.page.locator('[data-connection="denied"]').count()).toBe(1);
    await saveScreenshot(pat.page, 'revoke-removed-notice');

    // Fran's list marks Pat removed, without a Remove action.
    await eventually(() => patRow.getAttribute('data-removed'), { until: (v) => v === 'true', what: 'Pat marked removed', timeout: 30_000 });
    expect(await patRow.textContent()).toContain('removed');
    expect(await remove.count()).toBe(0);

    // Pat's token is refused by the API, and a reload of Pat's board is refused at once with the same notice.
    const refused = await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: patSession.token });
    expect([refused.status, (refused.json as { error: string }).error]).toEqual([401, 'revoked']);
    await pat.page.reload();
    await pat.page.getByRole('alertdialog', { name: 'You were removed from this room' }).waitFor({ timeout: 30_000 });
    expect(fran.errors).toEqual([]);
  }, 150_000);

  it('New link in the Invite dialog replaces a role\'s link after a confirmation: the old link is dead on the join page, the new one joins', async () => {
    const room = await createRoom(board.ladder.url, 'Rotation room');
    const fran = await board.join(room.links.facilitator, 'Fran Facilitator');
    await fran.page.getByRole('button', { name: "Invite people: the room's invite links" }).click();
    const dialog = fran.page.locator('[data-invite-dialog]');
    const field = dialog.getByLabel('Observer invite link');
    await field.waitFor();
    const before = await field.inputValue();
    await dialog.getByRole('button', { name: 'New Observer link: the old one stops working' }).click();
    await dialog.getByRole('button', { name: 'Confirm: replace the Observer link' }).click();
    await eventually(() => field.inputValue(), { until: (v) => v !== before, what: 'a new observer link', timeout: 30_000 });
    const after = await field.inputValue();
    expect(await dialog.locator('[data-rotated]').textContent()).toBe('New Observer link ready: the old one no longer works. Send this one instead.');
    await eventually(() => fran.page.evaluate(`document.activeElement?.getAttribute('aria-label')`), { until: (v) => v === 'New Observer link: the old one stops working', what: 'the focus back on New link', timeout: 30_000 });
    await saveScreenshot(fran.page, 'revoke-new-link');

    const context = await board.browser.newContext();
    const page = await context.newPage();
    await page.goto(before.replace(/^https?:\/\/[^/]+/, board.ladder.url));
    await page.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').textContent()).toBe('This invite link was replaced by a new one: ask the facilitator for the new link.');
    expect(await page.getByRole('button', { name: 'Join', exact: true }).isDisabled()).toBe(true);
    const olga = await board.join(after, 'Olga Observer');
    await eventually(() => olga.page.locator('.topbar__title').textContent(), { until: (t) => t === 'Rotation room', what: 'room title', timeout: 30_000 });
  }, 150_000);
});
