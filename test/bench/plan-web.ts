import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { addDependency, createFeature, placeFeature, readMeta, setIteration, setTeam } from '@ladder/board-doc';
import { launchBrowser } from '../support/browser';
import { confine } from './confine';
import { percentile } from './stats';
import { serverCpus } from './sync/targets';
import { buildWebClientIfStale } from '../support/global-setup';
import { connectClient, sleep } from '../support/clients';
import { createRoom, joinRoom, spawnLadder } from '../support/server';
import { createRng } from '@ladder/testing';
import { round, sampleFrames } from './web';

const TEAMS = 12;
const ITERATIONS = 6;
const FEATURES = 300;
const DEPENDENCIES = 200;
const MOVES_PER_SECOND = 10;
/** How long frame times are sampled while remote edits arrive (BENCH_WEB_MEASURE_MS; a quick run samples 2 s). */
const MEASURE_MS = Number(process.env.BENCH_WEB_MEASURE_MS ?? 10_000);

/**
 * The ART planning board at the issue's size in Chromium — 12 teams × 6 iterations, 300 placed features, 200
 * dependencies — time from page load to the board drawn with every string, and frame times while another client moves
 * 10 features a second between iterations (each move recomputes loads and re-colours strings on every screen).
 */
export async function benchPlanWeb(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  buildWebClientIfStale();
  const ladder = await spawnLadder();
  // The server the page talks to runs in its own CPU allowance, as the servers of the other parts.
  const allowance = confine(ladder.child.pid as number, { cpus: serverCpus(), name: 'plan-web' });
  const browser = await launchBrowser();
  const rng = createRng(11);
  try {
    const room = await createRoom(ladder.url, 'Bench: planning board');
    const fay = await joinRoom(ladder.url, room.roomId, room.invites.facilitator, 'Bench facilitator');
    const mover = await joinRoom(ladder.url, room.roomId, room.invites.product, 'Bench mover');
    const seeder = connectClient(ladder.wsUrl, room.roomId, fay.token);
    await seeder.synced;
    const scale = readMeta(seeder.doc).scale;
    const iterations = Array.from({ length: ITERATIONS }, (_, i) => `I${i + 1}`);
    const teams = Array.from({ length: TEAMS }, (_, i) => `Team ${String.fromCharCode(65 + i)}`);
    const ids = Array.from({ length: FEATURES }, (_, i) => `F-${i + 1}`);
    seeder.doc.transact(() => {
      iterations.forEach((id, i) => setIteration(seeder.doc, { id, name: i === ITERATIONS - 1 ? 'IP' : `Iteration ${i + 1}`, order: i + 1 }));
      for (const team of teams) setTeam(seeder.doc, team, Object.fromEntries(iterations.map((it) => [it, 20])));
    });
    for (let i = 0; i < FEATURES; i += 50) {
      seeder.doc.transact(() => {
        for (let j = i; j < Math.min(FEATURES, i + 50); j++) {
          createFeature(seeder.doc, {
            id: ids[j], title: `Feature ${j + 1} of the ART backlog`, team: teams[j % TEAMS],
            userBusinessValue: rng.pick(scale), timeCriticality: rng.pick(scale), riskReduction: rng.pick(scale), jobSize: rng.pick(scale),
          }, { participantId: fay.participantId, now: 1_700_000_000_000 + j });
          placeFeature(seeder.doc, ids[j] as string, rng.pick(iterations));
        }
      });
    }
    seeder.doc.transact(() => {
      for (let d = 0; d < DEPENDENCIES; d++) {
        const from = rng.pick(ids);
        let to = rng.pick(ids);
        while (to === from) to = rng.pick(ids);
        addDependency(seeder.doc, { id: `D-${d + 1}`, from, to });
      }
    });
    const session = JSON.stringify({ ...fay, name: 'Bench facilitator' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: `localStorage.setItem(${JSON.stringify(`ladder:session:${room.roomId}`)}, ${JSON.stringify(session)});` });
    const page = await context.newPage();
    await page.goto(`${ladder.url}/r/${room.roomId}?plan`);
    await page.waitForFunction(`document.querySelectorAll('[data-plan-card]').length === ${FEATURES}
      && document.querySelectorAll('[data-dependency]').length === ${DEPENDENCIES}
      && document.querySelector('[data-connection="online"]') !== null`, undefined, { timeout: 120_000, polling: 100 });
    const drawnMs = await page.evaluate<number>('performance.now()');

    const moves = connectClient(ladder.wsUrl, room.roomId, mover.token);
    await moves.synced;
    const idle = (await sampleFrames(page, Math.min(3000, MEASURE_MS))).sort((a, b) => a - b);
    const frames = sampleFrames(page, MEASURE_MS);
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < MEASURE_MS) {
      placeFeature(moves.doc, rng.pick(ids), rng.pick(iterations));
      sent++;
      await sleep(1000 / MOVES_PER_SECOND);
    }
    const deltas = (await frames).sort((a, b) => a - b);
    moves.destroy();
    seeder.destroy();
    await context.close();
    return {
      name: `web: planning board, ${TEAMS} teams × ${ITERATIONS} iterations, ${FEATURES} features, ${DEPENDENCIES} dependencies in Chromium (headless, software rendering)`,
      rows: [
        { measure: 'page load → board drawn with every string', value: round(drawnMs), unit: 'ms' },
        { measure: `frame time p50 (${sent} remote moves in ${MEASURE_MS / 1000} s)`, value: round(percentile(deltas, 50)), unit: 'ms' },
        { measure: 'frame time p95', value: round(percentile(deltas, 95)), unit: 'ms' },
        { measure: 'frame time max', value: round(deltas[deltas.length - 1] ?? NaN), unit: 'ms' },
        { measure: 'frames measured', value: deltas.length, unit: 'frames' },
        { measure: 'frame time p95, idle (no moves)', value: round(percentile(idle, 95)), unit: 'ms' },
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
  const result = await benchPlanWeb();
  console.log(result.name);
  console.table(result.rows);
}
