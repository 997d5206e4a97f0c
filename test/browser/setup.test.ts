import { describe, expect, it } from 'vitest';
import { readMeta, readThemes } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { saveScreenshot } from '../support/browser';
import { joinRoom } from '../support/server';
import { localLink, waitOnline } from './board';
import { useBoardHarness } from './harness';

// A room is set up in the browser: a custom scale, capacity and themes on the create page; a preset scale, a new
// capacity and one theme fewer in the facilitator's Room settings; every screen sees the room as set.

describe('browser: room setup', () => {
  const board = useBoardHarness();

  it('the create page sets scale, capacity and themes; Room settings changes them for everyone', async () => {
    const context = await board.browser.newContext({ viewport: { width: 1280, height: 900 } });
    board.onCleanup(() => context.close());
    const page = await context.newPage();
    await page.goto(board.ladder.url + '/');
    await page.getByLabel('Room title').fill('PI 27.1 prioritisation');
    await page.getByText('Scale, capacity and themes').click();
    await page.getByLabel('Estimation scale').selectOption('custom');
    await page.getByLabel('Scale values (smallest to largest)').fill('1, two, 4');
    await page.getByRole('button', { name: 'Create room' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('“two” is not a number above zero.');
    await page.getByLabel('Scale values (smallest to largest)').fill('16, 1, 2, 4, 8');
    await page.getByLabel('Capacity in job-size points (optional: draws the cut line)').fill('30');
    await page.getByLabel('Strategic themes (optional, one per line)').fill('Growth\nCompliance');
    await saveScreenshot(page, 'setup-create-page');
    await page.getByRole('button', { name: 'Create room' }).click();
    const link = await page.getByLabel('Facilitator invite link').inputValue();
    const roomId = new URL(link).pathname.split('/').pop() as string;
    const watcher = await joinRoom(board.ladder.url, roomId, new URL(link).searchParams.get('invite') as string, 'Script');
    const client = await board.writer(roomId, watcher.token);
    expect(readMeta(client.doc)).toMatchObject({ title: 'PI 27.1 prioritisation', scale: [1, 2, 4, 8, 16], capacity: 30 });
    expect(Object.keys(readThemes(client.doc))).toEqual(['Growth', 'Compliance']);

    // The facilitator opens the room and changes its settings.
    await page.goto(localLink(link, board.ladder.url));
    await page.getByLabel('Your name').fill('Fay Facilitator');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await waitOnline(page);
    await page.getByRole('button', { name: 'Room settings: title, scale, capacity and themes' }).click();
    const dialog = page.locator('[data-settings-dialog]');
    expect(await dialog.getByLabel('Estimation scale').inputValue()).toBe('custom');
    expect(await dialog.getByLabel('Scale values (smallest to largest)').inputValue()).toBe('1, 2, 4, 8, 16');
    await dialog.getByLabel('Estimation scale').selectOption('fibonacci-100');
    await dialog.getByLabel('Capacity in job-size points (optional: draws the cut line)').fill('55');
    await dialog.getByLabel(/^Strategic themes/).fill('Growth');
    await saveScreenshot(page, 'setup-settings-dialog');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await eventually(() => readMeta(client.doc), { until: (m) => m.capacity === 55 && m.scale.length === 10, what: 'the new settings at another client', timeout: 30_000 });
    expect(readMeta(client.doc).scale).toEqual([1, 2, 3, 5, 8, 13, 21, 34, 55, 89]);
    expect(Object.keys(readThemes(client.doc))).toEqual(['Growth']);
  }, 180_000);
});
