import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/server';
import { parseArgs, type BenchArgs } from './args';
import { writeReadmeSection } from './docs';
import { machine, textTable, type Table } from './report';
import { killAllLoadProcesses } from './load/pool';
import { targetsTable } from './targets';
import { benchSync, killAllServers, loadDescription } from './sync/index';

const startedAt = performance.now();
/** Progress on stderr, each line with the time since the run began (mm:ss), so each part's length shows. */
const log = (line: string) => {
  const s = Math.floor((performance.now() - startedAt) / 1000);
  console.error(`[bench ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}`);
};

async function runParts(args: BenchArgs, tables: Table[], notes: string[]): Promise<void> {
  const show = (table: Table) => { tables.push(table); console.log(`\n${textTable(table)}\n`); };
  if (args.only.includes('wsjf')) {
    if (existsSync(join(import.meta.dirname, 'wsjf.ts'))) {
      log('wsjf: ranking benchmark');
      const { benchWsjf } = await import('./wsjf');
      show(await benchWsjf());
    } else notes.push('wsjf: test/bench/wsjf.ts is missing; skipped.');
  }
  if (args.only.includes('sync')) {
    // Ladder's own rate search in the sync part runs only when the capacity part, which searches every server's, does not.
    const ladderCapacity = !args.only.includes('capacity');
    for (const table of await benchSync({ clients: args.clients, servers: args.servers, quick: args.quick, workers: args.workers, ladderCapacity, log })) show(table);
    notes.push(loadDescription(args.workers));
    console.log(loadDescription(args.workers));
  }
  if (args.only.includes('capacity')) {
    try {
      const { benchCapacityTables, benchScaleOutCapacity, capacityCpus, CAPACITY_NOTE } = await import('./capacity/index');
      const options = { quick: args.quick, workers: args.workers, servers: args.servers, cpus: capacityCpus(), log };
      for (const table of await benchCapacityTables(options)) show(table);
      notes.push(CAPACITY_NOTE);
      for (const table of await benchScaleOutCapacity(options)) show(table);
    } catch (error) {
      notes.push(`capacity: failed: ${(error as Error).message}`);
      log(`capacity: failed: ${(error as Error).message}`);
    }
  }
  if (args.only.includes('multinode')) {
    try {
      const { benchMultinode, multinodeSettings } = await import('./multinode/index');
      show(await benchMultinode({ ...multinodeSettings(args.quick), workers: args.workers, log }));
    } catch (error) {
      notes.push(`multinode: failed: ${(error as Error).message}`);
      log(`multinode: failed: ${(error as Error).message}`);
    }
    try {
      const { benchManyRooms, manyRoomsCpus, manyRoomsSettings } = await import('./multinode/many-rooms');
      show(await benchManyRooms({ ...manyRoomsSettings(args.quick), cpus: manyRoomsCpus(), workers: args.workers, log }));
    } catch (error) {
      notes.push(`many rooms: failed: ${(error as Error).message}`);
      log(`many rooms: failed: ${(error as Error).message}`);
    }
  }
  if (args.only.includes('history')) {
    // A long day is 50,000 updates; --quick builds a smaller room (LADDER_BENCH_UPDATES overrides both).
    if (args.quick && !process.env.LADDER_BENCH_UPDATES) process.env.LADDER_BENCH_UPDATES = '2000';
    log(`history: a room of ${process.env.LADDER_BENCH_UPDATES ?? '50000'} updates`);
    try {
      const { benchHistory } = await import('./history');
      show(await benchHistory());
    } catch (error) {
      notes.push(`history: failed: ${(error as Error).message}`);
      log(`history: failed: ${(error as Error).message}`);
    }
  }
  if (args.only.includes('bigroom')) {
    log('bigroom: one room of many clients with presence, restart under load, soak');
    try {
      const { benchBigRoomTables } = await import('./bigroom/index');
      const quick = { clients: 100, seconds: 4, restartClients: 30, soakRooms: 30 };
      for (const table of await benchBigRoomTables({ ...(args.quick ? quick : {}), soakSeconds: args.soakSeconds, workers: args.workers })) show(table);
    } catch (error) {
      notes.push(`bigroom: failed: ${(error as Error).message}`);
      log(`bigroom: failed: ${(error as Error).message}`);
    }
  }
  if (args.only.includes('web')) {
    // A quick run draws a smaller board (the target's 1,000 cards are the full run's).
    if (args.quick && !process.env.BENCH_WEB_CARDS) process.env.BENCH_WEB_CARDS = '300';
    if (args.quick && !process.env.BENCH_WEB_MEASURE_MS) process.env.BENCH_WEB_MEASURE_MS = '2000';
    const webPath = join(import.meta.dirname, 'web.ts');
    if (existsSync(webPath)) {
      log('web: board in Chromium');
      try {
        const web = (await import(webPath)) as { benchWeb: () => Promise<Table> };
        show(await web.benchWeb());
      } catch (error) {
        // One failing part must not lose the figures of the others.
        notes.push(`web: failed: ${(error as Error).message}`);
        log(`web: failed: ${(error as Error).message}`);
      }
      log('web: the planning board in Chromium');
      try {
        const { benchPlanWeb } = await import('./plan-web');
        show(await benchPlanWeb());
      } catch (error) {
        notes.push(`web (planning board): failed: ${(error as Error).message}`);
        log(`web (planning board): failed: ${(error as Error).message}`);
      }
    } else {
      notes.push('web: test/bench/web.ts is missing; skipped.');
      log('web: test/bench/web.ts is missing; skipped');
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const tables: Table[] = [];
  const notes: string[] = [];
  process.once('SIGINT', () => { killAllServers(); killAllLoadProcesses(); process.exit(130); });
  try {
    await runParts(args, tables, notes);
  } finally {
    killAllServers();
    killAllLoadProcesses();
  }
  // Every target as met / not met with the figure that decides it (or why this run could not tell).
  const targets = targetsTable(tables, { quick: args.quick, seconds: (Date.now() - started.getTime()) / 1000 });
  tables.push(targets);
  console.log(`\n${textTable(targets)}\n`);
  const command = `pnpm bench -- ${process.argv.slice(2).filter((a) => a !== '--').join(' ')}`.trim().replace(/ --$/, '');
  const result = { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), command, args, machine: machine(), notes, tables };
  const dir = join(repoRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(result, null, 2));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(result, null, 2));
  log(`results: bench-results/${stamp}.json and bench-results/latest.json`);
  if (args.writeDocs) {
    const page = writeReadmeSection(result);
    log(`wrote docs/bench/README-section.md${page ? ' and its figures into docs/performance.md' : ''}`);
  }
  // Providers keep timers; every server child is stopped, so end here.
  process.exit(0);
}

main().catch((error: unknown) => {
  killAllServers();
  killAllLoadProcesses();
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
