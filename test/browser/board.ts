import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { eventually } from '@ladder/testing';

// Browser helpers for the board: join a room through its invite link, read the ranking, set estimates.

export type Component = 'userBusinessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
export const COMPONENTS: readonly Component[] = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'];

export interface Member {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** The invite links point at PUBLIC_URL; the tests reach the server on its real address. */
export function localLink(link: string, baseUrl: string): string {
  const u = new URL(link);
  return baseUrl + u.pathname + u.search;
}

/** A fresh browser profile that opens an invite link, types a name and joins; waits until live. */
export async function joinAs(browser: Browser, link: string, name: string): Promise<Member> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await waitOnline(page);
  return { context, page, errors };
}

export async function waitOnline(page: Page): Promise<void> {
  await page.locator('[data-connection="online"]').waitFor({ timeout: 30_000 });
}

export interface RankedRow { id: string; rank: number | null; title: string }

/** The ranking panel as the user sees it, top to bottom. */
export async function readRanking(page: Page): Promise<RankedRow[]> {
  return page.locator('[data-ranking-row]').evaluateAll((rows) => rows.map((row) => {
    // Runs in the page; described structurally because this package has no DOM types.
    const el = row as unknown as { dataset: Record<string, string | undefined>; querySelector(s: string): { textContent: string | null } | null };
    return {
      id: el.dataset.featureId ?? '',
      rank: el.dataset.rank ? Number(el.dataset.rank) : null,
      title: el.querySelector('.rank-row__title')?.textContent ?? '',
    };
  }));
}

/** Polls until the ranking satisfies `check` (the other screens update over the network). */
export async function waitForRanking(page: Page, check: (rows: RankedRow[]) => boolean, timeout = 30_000): Promise<RankedRow[]> {
  return eventually(() => readRanking(page), { until: check, what: 'the ranking reaches the expected state', timeout });
}

/** Adds features through the "Add features" dialog, one title per line; returns their ids by title. */
export async function addFeatures(page: Page, titles: string[]): Promise<Map<string, string>> {
  await page.getByRole('button', { name: '+ Add features' }).click();
  await page.getByLabel('Feature titles, one per line').fill(titles.join('\n'));
  await page.getByRole('dialog').getByRole('button', { name: /^Add/ }).click();
  const rows = await waitForRanking(page, (r) => titles.every((t) => r.some((x) => x.title === t)));
  return new Map(rows.map((r) => [r.title, r.id]));
}

/** Clicks a value of an estimate control on the feature's card on the canvas. */
export async function setOnCard(page: Page, featureId: string, component: Component, value: number): Promise<void> {
  const control = page.locator(`.card [data-estimate="${component}"][data-feature-id="${featureId}"]`);
  await control.locator(`[data-value="${value}"]`).click();
  await eventually(() => control.locator(`[data-value="${value}"]`).getAttribute('aria-checked'), { until: (v) => v === 'true', what: `${component} of ${featureId} set to ${value}`, timeout: 30_000 });
}

/** Sets all four estimates of a feature on its card. */
export async function scoreOnCard(page: Page, featureId: string, values: [number, number, number, number]): Promise<void> {
  for (let i = 0; i < 4; i++) await setOnCard(page, featureId, COMPONENTS[i]!, values[i]!);
}

/** Waits for the canvas card of a feature. */
export async function cardOf(page: Page, featureId: string) {
  const card = page.locator(`[data-card-feature-id="${featureId}"]`);
  await card.waitFor({ timeout: 30_000 });
  return card;
}

export interface CardFit {
  /** Per estimate row: how many lines its values take, and whether the row lies inside the card. */
  rows: { lines: number; inside: boolean }[];
  /** Whether the CoD/WSJF footer lies inside the card. */
  footInside: boolean;
  clearButtons: number;
}

/** How a card's content fits its fixed box, as drawn on the canvas. */
export async function cardFit(page: Page, featureId: string): Promise<CardFit> {
  return page.locator(`[data-card-feature-id="${featureId}"]`).evaluate((node) => {
    // Runs in the page; described structurally because this package has no DOM types.
    interface Rect { top: number; right: number; bottom: number }
    interface El { getBoundingClientRect(): Rect; querySelectorAll(s: string): ArrayLike<El>; querySelector(s: string): El | null }
    const card = node as unknown as El;
    const box = card.getBoundingClientRect();
    const within = (r: Rect) => r.bottom <= box.bottom + 0.5 && r.right <= box.right + 0.5;
    const rows = Array.from(card.querySelectorAll('[data-estimate]')).map((row) => {
      const tops = new Set(Array.from(row.querySelectorAll('[data-value]')).map((b) => Math.round(b.getBoundingClientRect().top)));
      return { lines: tops.size, inside: within(row.getBoundingClientRect()) };
    });
    const foot = card.querySelector('.card__foot');
    return { rows, footInside: !!foot && within(foot.getBoundingClientRect()), clearButtons: card.querySelectorAll('.estimate__clear').length };
  });
}

export interface ShapeBox { x: number; y: number; w: number; h: number }
export interface BoardShapes {
  cards: (ShapeBox & { featureId: string })[];
  /** Lane backgrounds (labelled rectangles), with their label. */
  lanes: (ShapeBox & { label: string })[];
}

/** Feature cards and lanes as drawn on the canvas, in screen pixels. */
export async function boardShapes(page: Page): Promise<BoardShapes> {
  return page.locator('.tl-shape').evaluateAll((nodes) => {
    // Runs in the page; described structurally because this package has no DOM types.
    interface El { dataset: Record<string, string | undefined>; innerText: string; getBoundingClientRect(): { x: number; y: number; width: number; height: number }; querySelector(s: string): El | null }
    const out: BoardShapes = { cards: [], lanes: [] };
    for (const node of nodes as unknown as El[]) {
      const r = node.getBoundingClientRect();
      const box = { x: r.x, y: r.y, w: r.width, h: r.height };
      const card = node.querySelector('[data-card-feature-id]');
      if (card) out.cards.push({ ...box, featureId: card.dataset.cardFeatureId ?? '' });
      else if (node.dataset.shapeType === 'geo') out.lanes.push({ ...box, label: node.innerText.trim() });
    }
    out.lanes.sort((a, b) => a.x - b.x);
    return out;
  });
}

/** The shapes once the canvas has settled (the camera glides to fit after lanes or new cards), satisfying `ok`. */
export async function settledShapes(page: Page, ok: (shapes: BoardShapes) => boolean, what: string): Promise<BoardShapes> {
  let last = '';
  return eventually(async () => {
    await page.waitForTimeout(150);
    return boardShapes(page);
  }, { until: (shapes) => {
    const now = JSON.stringify(shapes);
    const same = now === last;
    last = now;
    return same && ok(shapes);
  }, what: what, timeout: 30_000 });
}

/** Pairs of cards that overlap each other, and cards that overlap a lane they are not inside. */
export function overlaps(shapes: BoardShapes): string[] {
  const hit = (a: ShapeBox, b: ShapeBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const inside = (a: ShapeBox, b: ShapeBox) => a.x >= b.x && a.x + a.w <= b.x + b.w && a.y >= b.y && a.y + a.h <= b.y + b.h;
  const found: string[] = [];
  shapes.cards.forEach((a, i) => {
    if (a.w === 0 || a.h === 0) found.push(`${a.featureId} not drawn`);
    for (const b of shapes.cards.slice(i + 1)) if (hit(a, b)) found.push(`${a.featureId} on ${b.featureId}`);
    for (const lane of shapes.lanes) if (hit(a, lane) && !inside(a, lane)) found.push(`${a.featureId} across lane ${lane.label}`);
  });
  return found;
}

/** Drops a file made of `text` onto the canvas, as a drag and drop from the desktop would. */
export async function dropFile(page: Page, name: string, type: string, text: string): Promise<void> {
  const data = await page.evaluateHandle(`(() => {
    const d = new DataTransfer();
    d.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
    return d;
  })()`);
  const canvas = page.locator('.tl-canvas');
  await canvas.dispatchEvent('dragenter', { dataTransfer: data });
  await canvas.dispatchEvent('dragover', { dataTransfer: data });
  await canvas.dispatchEvent('drop', { dataTransfer: data });
}

/** The bytes of a download. The browser is a connected one (its own process), so the file is copied here first. */
export async function downloaded(download: Download): Promise<Buffer> {
  const folder = await mkdtemp(join(tmpdir(), 'ladder-download-'));
  try {
    const file = join(folder, download.suggestedFilename() || 'download');
    await download.saveAs(file);
    return await readFile(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Opens the portfolio tools' drawer beside the ranking (churn, perspectives, themes, notes) unless it is open. */
export async function openTools(page: Page): Promise<void> {
  if (await page.locator('[data-tools-drawer]').count() === 0) await page.locator('[data-tools-open]').click();
  await page.locator('[data-tools-drawer]').waitFor();
}
