import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { canvasArray, createFeature, readMeta, updateFeature } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { confine } from './confine';
import { percentile } from './stats';
import { serverCpus } from './sync/targets';
import { buildWebClientIfStale } from '../support/global-setup';
import { connectClient, sleep } from '../support/clients';
import { createRoom, joinRoom, spawnLadder } from '../support/server';
import { createRng, eventually } from '@ladder/testing';

/** The board's size: the target is 1,000 cards interactive in under 2 s (BENCH_WEB_CARDS overrides). */
const CARDS = Number(process.env.BENCH_WEB_CARDS ?? 1000);
const EDITS_PER_SECOND = 10;
/** How long frame times are sampled while remote edits arrive (BENCH_WEB_MEASURE_MS; a quick run samples 2 s). */
const MEASURE_MS = Number(process.env.BENCH_WEB_MEASURE_MS ?? 10_000);


export const round = (n: number) => Math.round(n * 10) / 10;

/** requestAnimationFrame deltas in the page for `ms` (page code as text: no DOM types here). */
export function sampleFrames(page: Page, ms: number): Promise<number[]> {
  return page.evaluate<number[]>(`new Promise((resolve) => {
    const deltas = [];
    let last = performance.now();
    const end = last + ${ms};
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick);
      else resolve(deltas);
    };
    requestAnimationFrame(tick);
  })`);
}

/**
 * The board with 1,000 feature cards in Chromium: time from page load to interactive, and frame times
 * (requestAnimationFrame deltas) while another client edits 10 estimates a second.
 */
export async function benchWeb(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  // A clean clone has no build yet: the server would serve its "not built" page and no card would ever be placed.
  buildWebClientIfStale();
  const ladder = await spawnLadder();
  // The server the page talks to runs in its own CPU allowance, as the servers of the other parts.
  const allowance = confine(ladder.child.pid as number, { cpus: serverCpus(), name: 'web' });
  const browser = await launchBrowser();
  const rng = createRng(7);
  try {
    const room = await createRoom(ladder.url, `Bench: ${CARDS} cards`);
    const viewer = await joinRoom(ladder.url, room.roomId, room.invites.product, 'Bench viewer');
    const editor = await joinRoom(ladder.url, room.roomId, room.invites.portfolio, 'Bench editor');

    // Seed the scored features as the viewer, so the viewer's first visit places their cards.
    const seeder = connectClient(ladder.wsUrl, room.roomId, viewer.token);
    await seeder.synced;
    const scale = readMeta(seeder.doc).scale;
    for (let i = 0; i < CARDS; i += 50) {
      seeder.doc.transact(() => {
        for (let j = i; j < Math.min(CARDS, i + 50); j++) {
          createFeature(seeder.doc, {
            title: `Feature ${j + 1}`, team: `Team ${j % 7}`, theme: `Theme ${j % 5}`,
            userBusinessValue: rng.pick(scale), timeCriticality: rng.pick(scale), riskReduction: rng.pick(scale), jobSize: rng.pick(scale),
          }, { participantId: viewer.participantId, now: 1_700_000_000_000 + j });
        }
      });
    }
    const session = JSON.stringify({ ...viewer, name: 'Bench viewer' });
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript({ content: `localStorage.setItem(${JSON.stringify(`ladder:session:${room.roomId}`)}, ${JSON.stringify(session)});` });
      const page = await context.newPage();
      return { context, page };
    };
    const cardCount = () => canvasArray(seeder.doc).toArray().filter((e) => (e.val as { type?: string }).type === 'feature-card').length;

    // First visit: places every card.
    const first = await open();
    await first.page.goto(`${ladder.url}/r/${room.roomId}`);
    await eventually(() => cardCount() >= CARDS, { timeout: 60_000, what: () => `${cardCount()} cards placed` });
    await first.context.close();

    // Cold load in a fresh profile: navigation start → ranking of every row, canvas cards drawn, live.
    const { context, page } = await open();
    await page.goto(`${ladder.url}/r/${room.roomId}`);
    // Page-side code is passed as text: this package is compiled without DOM types.
    await page.waitForFunction(`document.querySelectorAll('[data-ranking-row]').length === ${CARDS}
      && document.querySelector('[data-card-feature-id]') !== null
      && document.querySelector('[data-connection="online"]') !== null`, undefined, { timeout: 60_000, polling: 50 });
    const interactiveMs = await page.evaluate<number>('performance.now()');

    // Frame times while another client edits 10 estimates a second.
    const edits = connectClient(ladder.wsUrl, room.roomId, editor.token);
    await edits.synced;
    const ids = [...Array(CARDS).keys()];
    const idle = (await sampleFrames(page, Math.min(3000, MEASURE_MS))).sort((a, b) => a - b);
    const frames = sampleFrames(page, MEASURE_MS);
    const featureIds = [...(await page.locator('[data-ranking-row]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { featureId: string } }).dataset.featureId)))];
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < MEASURE_MS) {
      const id = featureIds[rng.pick(ids)]!;
      updateFeature(edits.doc, id, { [rng.pick(COMPONENTS)]: rng.pick(scale) }, { participantId: editor.participantId, now: Date.now() });
      sent++;
      await sleep(1000 / EDITS_PER_SECOND);
    }
    const deltas = (await frames).sort((a, b) => a - b);
    edits.destroy();
    seeder.destroy();
    await context.close();
    return {
      name: `web: board with ${CARDS} cards in Chromium (headless, software rendering)`,
      rows: [
        { measure: 'page load → interactive', value: round(interactiveMs), unit: 'ms' },
        { measure: `frame time p50 (${sent} remote edits in ${MEASURE_MS / 1000} s)`, value: round(percentile(deltas, 50)), unit: 'ms' },
        { measure: 'frame time p95', value: round(percentile(deltas, 95)), unit: 'ms' },
        { measure: 'frame time max', value: round(deltas[deltas.length - 1] ?? NaN), unit: 'ms' },
        { measure: 'frames measured', value: deltas.length, unit: 'frames' },
        { measure: 'frame time p50, idle (no edits)', value: round(percentile(idle, 50)), unit: 'ms' },
        { measure: 'frame time p95, idle (no edits)', value: round(percentile(idle, 95)), unit: 'ms' },
        { measure: 'the page\'s server was confined', value: allowance.label, unit: '' },
      ],
    };
  } finally {
    await browser.close();
    await ladder.stop();
    allowance.release();
    ladder.cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const result = await benchWeb();
  console.log(result.name);
  console.table(result.rows);
}
