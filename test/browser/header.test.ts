import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRoom, joinRoom, type Role } from '../support/server';
import { saveScreenshot, screenshotDir } from '../support/browser';
import { addFeatures, cardOf, dropFile } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

interface Box { x: number; y: number; width: number; height: number }

const hit = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Waits until every notice has finished sliding in, so its box is where it stays. The pointer rests on the notice
 * (as a reader's would), which holds every notice on screen while they are measured.
 */
async function settledNotices(page: Page, text: string): Promise<Locator> {
  const notices = page.locator('.notice');
  await eventually(() => notices.allTextContents(), { until: (t) => t.some((x) => x.includes(text)), what: `notice “${text}”`, timeout: 30_000 });
  await notices.filter({ hasText: text }).first().hover();
  await eventually(() => page.evaluate(`[...document.querySelectorAll('.notice')].every((n) => n.getAnimations().every((a) => a.playState === 'finished'))`), { until: (done) => done === true, what: 'notices settled', timeout: 30_000 });
  return notices;
}

/** The names of the controls any notice covers (each control must be on the page: a missing one fails the test). */
async function coveredBy(notices: Locator, controls: Record<string, Locator>): Promise<string[]> {
  const covered: string[] = [];
  const boxes: Box[] = [];
  for (let i = 0; i < await notices.count(); i++) {
    const box = await notices.nth(i).boundingBox();
    if (box) boxes.push(box);
  }
  expect(boxes.length).toBeGreaterThan(0);
  for (const [name, control] of Object.entries(controls)) {
    expect(await control.count(), `${name} on the page`).toBeGreaterThan(0);
    for (let i = 0; i < await control.count(); i++) {
      const other = await control.nth(i).boundingBox();
      if (other && boxes.some((b) => hit(b, other))) covered.push(name);
    }
  }
  return covered;
}

/** Drops a file that is not a CSV on the canvas: the board answers with an error notice, whatever is open. */
async function dropNotCsv(page: Page, name: string): Promise<void> {
  await dropFile(page, name, 'application/zip', 'PK');
}

describe('browser: the header shows who is here; notices leave the controls free', () => {
  const board = useBoardHarness();

  it('a notice covers neither the History button, the editor drawer and its header, nor the header, bars or canvas tools', async () => {
    const room = await createRoom(board.ladder.url, 'Notices room');
    const { page, errors } = await board.join(room.links.product, 'Nora Notice');
    const ids = await addFeatures(page, ['A feature with a rather long title for the drawer']);
    const id = [...ids.values()][0]!;
    await cardOf(page, id);
    const common = {
      'the header': page.locator('.topbar'),
      'the board actions': page.locator('.toolbar'),
      'the ranking panel': page.locator('section.ranking'),
      'the canvas toolbar': page.locator('.tlui-main-toolbar'),
      'the zoom controls': page.locator('.tlui-navigation-panel'),
      'the canvas menu': page.locator('.tlui-menu-zone'),
    };
    // The History button and the canvas tools are free with the “Added …” notice on screen.
    let notices = await settledNotices(page, 'Added “A feature with a rather long title');
    expect(await coveredBy(notices, { ...common, 'the History button': page.getByRole('button', { name: 'Show the history and replay' }) })).toEqual([]);

    // An off-scale value typed in the editor drawer is refused with a message while the drawer stays open.
    await page.getByRole('button', { name: /^Edit A feature/ }).first().click();
    const drawer = page.locator('.drawer');
    await drawer.waitFor();
    await drawer.locator('[data-estimate="timeCriticality"] [tabindex="0"]').focus();
    await page.keyboard.press('4');
    notices = await settledNotices(page, "4 is not on this room's scale");
    expect(await notices.count()).toBe(2);
    await saveScreenshot(page, 'header-notices-beside-drawer');
    expect(await coveredBy(notices, { ...common, 'the drawer header': page.locator('.drawer__head'), 'the drawer': drawer })).toEqual([]);
    // Still announced, and dismissible.
    const error = page.locator('.notice--error');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await page.locator('.notice--success').getAttribute('role')).toBe('status');
    await error.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => error.count(), { until: (n) => n === 0, what: 'error notice dismissed', timeout: 30_000 });
    await page.getByRole('button', { name: 'Close the editor' }).click();
    await eventually(() => drawer.count(), { until: (n) => n === 0, what: 'drawer closed', timeout: 30_000 });

    // With the history panel open, a notice stays clear of it too.
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    const history = page.getByRole('complementary', { name: 'History and replay' });
    await history.waitFor();
    await dropNotCsv(page, 'roadmap.zip');
    notices = await settledNotices(page, '“roadmap.zip” is not a CSV file');
    expect(await coveredBy(notices, { ...common, 'the history panel': history })).toEqual([]);
    await saveScreenshot(page, 'header-notice-beside-history');
    await history.getByRole('button', { name: 'Close the history' }).click();

    // On a smaller laptop screen the notice narrows instead of reaching under the drawer.
    await page.setViewportSize({ width: 1180, height: 720 });
    await page.getByRole('button', { name: /^Edit A feature/ }).first().click();
    await drawer.waitFor();
    await dropNotCsv(page, 'plan.pdf');
    notices = await settledNotices(page, '“plan.pdf” is not a CSV file');
    await saveScreenshot(page, 'header-notice-small-screen');
    expect(await coveredBy(notices, { ...common, 'the drawer header': page.locator('.drawer__head'), 'the drawer': drawer })).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the People list names everyone with role and online state, grouped by role with counts, online first; keyboard opens and closes it', async () => {
    const room = await createRoom(board.ladder.url, 'Portfolio sync');
    const fay = await board.join(room.links.facilitator, 'Fay Facilitator');
    const priya = await board.join(room.links.product, 'Priya Product');
    const olga = await board.join(room.links.observer, 'Olga Observer');
    // A crowd beyond the eight avatars the header shows, each with their presence as the board sets it.
    const crowd: { name: string; role: Role }[] = [
      ...['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Finn'].map((n) => ({ name: `${n} Product`, role: 'product' as const })),
      ...['Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lea', 'Mo', 'Nia'].map((n) => ({ name: `${n} Portfolio`, role: 'portfolio' as const })),
    ];
    const clients = new Map<string, { destroy(): void }>();
    for (const [i, person] of crowd.entries()) {
      const joined = await joinRoom(board.ladder.url, room.roomId, room.invites[person.role], person.name);
      const client = await board.writer(room.roomId, joined.token);
      clients.set(person.name, client);
      client.provider.awareness.setLocalStateField('user', {
        participantId: joined.participantId, name: person.name, role: person.role, color: ['#e5484d', '#0e8a5f', '#3e63dd'][i % 3],
      });
    }
    const { page } = fay;
    const toggle = page.getByRole('button', { name: /^People: / });
    await eventually(() => toggle.getAttribute('aria-label'), { until: (l) => l === 'People: 17 online of 17', what: 'everyone online', timeout: 30_000 });
    // A viewer has no toolbar row of its own: the exports sit in the header. Writers keep the row, with a Lanes
    // select no wider than its words need.
    await olga.page.locator('.topbar [role="toolbar"]').getByRole('button', { name: 'Export the ranking as CSV' }).waitFor();
    expect(await olga.page.locator('.room > .toolbar').count()).toBe(0);
    await saveScreenshot(olga.page, 'header-observer-exports');
    expect((await olga.page.getByText('View only').boundingBox())!.height).toBeLessThan(30);
    // The room title is shown whole beside the exports and the avatars, not cut to an ellipsis.
    expect(await olga.page.locator('.topbar__title').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.locator('.room > .toolbar').count()).toBe(1);
    expect((await page.getByLabel('Arrange cards in lanes').boundingBox())!.width).toBeLessThanOrEqual(120);
    // The avatars sit side by side: none covers the initials of the one before it.
    await eventually(() => page.locator('[data-participant]').count(), { until: (n) => n === 8, what: 'eight avatars', timeout: 30_000 });
    const avatars = await page.locator('.people__list > li').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right };
    }));
    for (let i = 1; i < avatars.length; i++) expect(avatars[i]!.left).toBeGreaterThanOrEqual(avatars[i - 1]!.right);
    await saveScreenshot(page, 'header-avatars');
    await page.locator('.people__list').screenshot({ path: join(screenshotDir, 'header-avatars-close.png') });
    // Olga and Ada leave: they stay in the list, offline.
    await olga.context.close();
    clients.get('Ada Product')!.destroy();
    await eventually(() => toggle.getAttribute('aria-label'), { until: (l) => l === 'People: 15 online of 17', what: 'Olga and Ada offline', timeout: 30_000 });
    // The avatars are as before: eight, then how many more.
    expect(await page.locator('[data-participant]').count()).toBe(8);
    expect(await page.locator('.avatar--more').textContent()).toBe('+9');

    // Keyboard: Enter opens the list and puts the keyboard in its search field.
    await toggle.focus();
    await page.keyboard.press('Enter');
    const list = page.getByRole('dialog', { name: 'People in this room' });
    await list.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await eventually(() => page.evaluate(`document.activeElement?.getAttribute('aria-label')`), { until: (l) => l === 'Find a person', what: 'search field focused', timeout: 30_000 });
    await saveScreenshot(page, 'header-people-list');

    const rows = await list.locator('[data-person]').evaluateAll((nodes) => nodes.map((n) => {
      const el = n as unknown as { dataset: Record<string, string | undefined>; textContent: string | null; querySelector(s: string): { textContent: string | null } | null };
      // The row's text apart from the facilitator's Remove action (checked below).
      const action = el.querySelector('.person__remove')?.textContent ?? '';
      return {
        name: el.querySelector('.person__name')?.textContent ?? '', role: el.dataset.role ?? '', online: el.dataset.online === 'true',
        text: (el.textContent ?? '').slice(0, (el.textContent ?? '').length - action.length), action,
      };
    }));
    const expected = [
      { name: 'Fay Facilitator (you)', role: 'facilitator', online: true },
      { name: 'Priya Product', role: 'product', online: true },
      ...crowd.map((c) => ({ name: c.name, role: c.role, online: c.name !== 'Ada Product' })),
      { name: 'Olga Observer', role: 'observer', online: false },
    ];
    expect(rows.map(({ name, role, online }) => ({ name, role, online })).sort((a, b) => a.name.localeCompare(b.name)))
      .toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
    // Each row says the name, the role and whether they are here.
    const roleLabel: Record<string, string> = { facilitator: 'Facilitator', product: 'Product', portfolio: 'Portfolio', observer: 'Observer' };
    for (const r of rows) expect(r.text).toBe(`${r.name}, ${roleLabel[r.role]}, ${r.online ? 'online' : 'offline'}`);
    // Fay facilitates: everyone but herself has Remove from room.
    expect(rows.filter((r) => r.action !== 'Remove from room').map((r) => r.name)).toEqual(['Fay Facilitator (you)']);
    // Online first: Ada, who left, comes after the product people still here, though first by name.
    expect(rows.filter((r) => r.role === 'product').map((r) => r.name)).toEqual([
      'Ben Product', 'Cleo Product', 'Dev Product', 'Eli Product', 'Finn Product', 'Priya Product', 'Ada Product',
    ]);
    // Grouped by role in this order, with counts; everyone's row lies inside the group of their role.
    const groups = await list.locator('[data-role-group]').evaluateAll((nodes) => nodes.map((n) => {
      const el = n as unknown as { dataset: Record<string, string | undefined>; querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): ArrayLike<{ dataset: Record<string, string | undefined> }> };
      return { role: el.dataset.roleGroup, heading: el.querySelector('h3')?.textContent, roles: [...new Set(Array.from(el.querySelectorAll('[data-person]')).map((p) => p.dataset.role))] };
    }));
    expect(groups).toEqual([
      { role: 'facilitator', heading: 'Facilitators 1 of 1 online', roles: ['facilitator'] },
      { role: 'product', heading: 'Product 6 of 7 online', roles: ['product'] },
      { role: 'portfolio', heading: 'Portfolio 8 of 8 online', roles: ['portfolio'] },
      { role: 'observer', heading: 'Observers 0 of 1 online', roles: ['observer'] },
    ]);
    // Escape closes it and gives the keyboard back to the People button.
    await page.keyboard.press('Escape');
    await eventually(() => list.count(), { until: (n) => n === 0, what: 'list closed', timeout: 30_000 });
    await eventually(() => page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? ''`) as Promise<string>, { until: (l) => l.startsWith('People: '), what: 'focus back on People', timeout: 30_000 });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // Space opens it too; the search narrows a long list; Escape again.
    await page.keyboard.press('Space');
    await list.waitFor();
    await page.keyboard.type('olga');
    await eventually(() => list.locator('[data-person]').allTextContents(), { until: (t) => t.length === 1 && t[0] === 'Olga Observer, Observer, offlineRemove from room', what: 'search finds Olga', timeout: 30_000 });
    await page.keyboard.press('Escape');
    await eventually(() => list.count(), { until: (n) => n === 0, what: 'list closed again', timeout: 30_000 });

    // The mouse opens it from the avatars, and a click elsewhere closes it.
    await page.locator('.people__list').click();
    await list.waitFor();
    await page.locator('.topbar__title').click();
    await eventually(() => list.count(), { until: (n) => n === 0, what: 'closed by a click outside', timeout: 30_000 });

    // Priya, another participant, sees the same names.
    await priya.page.getByRole('button', { name: /^People: / }).click();
    const hers = priya.page.getByRole('dialog', { name: 'People in this room' }).locator('.person__name');
    await eventually(() => hers.allTextContents(), { until: (t) => t.includes('Priya Product (you)') && t.includes('Fay Facilitator') && t.includes('Nia Portfolio'), what: 'Priya sees everyone by name', timeout: 30_000 });
    for (const m of [fay, priya]) expect(m.errors).toEqual([]);
  }, 150_000);
});
