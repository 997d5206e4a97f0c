import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { defaultWorkers } from '../load/split';
import { BIG_ROOM_PRESENCE_HZ, bigRoomLoad, log, referenceLoad } from './load';
import type { BigRoomTable } from './plan';
import { restartRun } from './restart';
import { SOAK_CLIENTS, soakRun } from './soak';

// Big rooms: one room with many clients on one node, a restart under load, a soak. The clients run in load
// processes (load-worker.ts, restart-worker.ts), split evenly over `workers` of them.
// `tsx test/bench/bigroom/index.ts [--clients 1000] [--seconds 30] [--moving 0.05,1] [--restart-clients 500]
//   [--soak-seconds 600] [--soak-rooms 1000] [--workers K] [--no-reference]`

export type { BigRoomTable };

export interface BigRoomOptions {
  clients: number;
  seconds: number;
  /** Share of clients moving their cursor at any moment. */
  moving: number[];
  restartClients: number;
  soakSeconds: number;
  soakRooms: number;
  reference: boolean;
  workers: number;
}

export const DEFAULT_BIG_ROOM: BigRoomOptions = {
  clients: 1000, seconds: 30, moving: [0.05, 1], restartClients: 500, soakSeconds: 600, soakRooms: 1000, reference: true, workers: defaultWorkers(),
};

/** The big-room benchmark: load, restart and soak tables. */
export async function benchBigRoomTables(options: Partial<BigRoomOptions> = {}): Promise<BigRoomTable[]> {
  const o = { ...DEFAULT_BIG_ROOM, ...options };
  const load: BigRoomTable = { name: `Big room: ${o.clients} clients, 20 edits/s, presence at ${BIG_ROOM_PRESENCE_HZ} Hz per moving cursor, ${o.seconds} s`, rows: [] };
  for (const moving of o.moving) {
    log(`load: Ladder, ${o.clients} clients, ${moving * 100} % moving, ${o.workers} load processes`);
    load.rows.push(await bigRoomLoad(o.clients, o.seconds, moving, o.workers));
    if (o.reference && moving <= 0.1) {
      log(`load: y-websocket reference, ${o.clients} clients, ${moving * 100} % moving`);
      load.rows.push(await referenceLoad(o.clients, o.seconds, moving, o.workers));
    }
  }
  const tables = [load];
  if (o.restartClients > 0) {
    log(`restart under ${o.restartClients} clients`);
    tables.push({ name: `Restart under ${o.restartClients} connected clients (SIGTERM, 1012, same port)`, rows: [await restartRun(o.restartClients, o.workers)] });
  }
  if (o.soakSeconds > 0) {
    log(`soak: ${SOAK_CLIENTS} clients, ${o.soakSeconds} s, ${o.soakRooms} rooms opened and closed`);
    tables.push({
      name: `Soak: ${SOAK_CLIENTS} clients with edits and presence for ${o.soakSeconds} s${o.soakSeconds < 600 ? ' (shortened; the full soak is 600 s)' : ''}, ${o.soakRooms} rooms opened and closed; RSS, and the heap after a forced GC, from the first minute (a quarter of runs under two minutes) to the end`,
      rows: [await soakRun(o.soakSeconds, o.soakRooms, o.workers)],
    });
  }
  return tables;
}

/** Options of `tsx test/bench/bigroom/index.ts`. */
export function parseBigRoomCli(argv: readonly string[]): Partial<BigRoomOptions> {
  const o: Partial<BigRoomOptions> = {};
  const number = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} takes a number ≥ 0, got "${value ?? ''}".`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    switch (flag) {
      case '--clients': o.clients = number(flag, value); i++; break;
      case '--seconds': o.seconds = number(flag, value); i++; break;
      case '--moving': o.moving = String(value).split(',').map((v) => number(flag, v)); i++; break;
      case '--restart-clients': o.restartClients = number(flag, value); i++; break;
      case '--soak-seconds': o.soakSeconds = number(flag, value); i++; break;
      case '--soak-rooms': o.soakRooms = number(flag, value); i++; break;
      case '--workers': o.workers = Math.max(1, Math.round(number(flag, value))); i++; break;
      case '--no-reference': o.reference = false; break;
      case '--': break;
      default: throw new Error(`Unknown option "${flag}".`);
    }
  }
  return o;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  Promise.resolve().then(() => benchBigRoomTables(parseBigRoomCli(process.argv.slice(2)))).then((tables) => {
    for (const table of tables) {
      console.log(`\n${table.name}`);
      console.table(table.rows);
    }
    console.log(JSON.stringify(tables));
    process.exit(0);
  }, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
