import { defaultWorkers } from './load/split';
import { SERVER_NAMES, type ServerName } from './sync/index';

export const PARTS = ['wsjf', 'sync', 'capacity', 'multinode', 'history', 'bigroom', 'web'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchArgs {
  only: Part[];
  clients: number[];
  servers: ServerName[];
  quick: boolean;
  /** Load processes the clients of a room are spread over (sync, multinode, big room). */
  workers: number;
  /** Length of the big-room soak: 600 s (the full 10 minutes) unless --quick or --soak-seconds say otherwise. */
  soakSeconds: number;
  /** Write docs/bench/README-section.md from this run (default: on for full runs). */
  writeDocs: boolean;
}

export class BenchArgsError extends Error {
  readonly code = 'bench_args';
}

const USAGE = 'Usage: pnpm bench [-- --quick] [--only wsjf|sync|capacity|multinode|history|bigroom|web[,…]] [--clients 100,500] [--servers ladder,y-websocket,hocuspocus,relay] [--workers K] [--soak-seconds S] [--docs|--no-docs]';

export const FULL_SOAK_SECONDS = 600;
export const QUICK_SOAK_SECONDS = 10;

function whole(value: string | undefined, flag: string, min: number, max: number): number {
  if (value === undefined || value.startsWith('--')) throw new BenchArgsError(`${flag} needs a value. ${USAGE}`);
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new BenchArgsError(`${flag} takes a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

function list(value: string | undefined, flag: string): string[] {
  if (value === undefined || value.startsWith('--')) throw new BenchArgsError(`${flag} needs a value. ${USAGE}`);
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Parses the command line; `--` separators (as pnpm passes them) are ignored. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args = argv.filter((a) => a !== '--');
  let only: Part[] = [...PARTS];
  let clients: number[] | null = null;
  let servers: ServerName[] = [...SERVER_NAMES];
  let quick = false;
  let docs: boolean | null = null;
  let workers: number | null = null;
  let soakSeconds: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i] as string;
    if (flag === '--quick') quick = true;
    else if (flag === '--docs') docs = true;
    else if (flag === '--no-docs') docs = false;
    else if (flag === '--workers') workers = whole(args[++i], flag, 1, 64);
    else if (flag === '--soak-seconds') soakSeconds = whole(args[++i], flag, 0, 86_400);
    else if (flag === '--only') {
      only = list(args[++i], flag).map((p) => {
        if (!(PARTS as readonly string[]).includes(p)) throw new BenchArgsError(`Unknown part "${p}"; choose from ${PARTS.join(', ')}.`);
        return p as Part;
      });
    } else if (flag === '--clients') {
      clients = list(args[++i], flag).map((n) => {
        const value = Number(n);
        if (!Number.isInteger(value) || value < 2 || value > 5_000) throw new BenchArgsError(`--clients takes whole numbers from 2 to 5000, got "${n}".`);
        return value;
      });
    } else if (flag === '--servers') {
      servers = list(args[++i], flag).map((s) => {
        if (!(SERVER_NAMES as readonly string[]).includes(s)) throw new BenchArgsError(`Unknown server "${s}"; choose from ${SERVER_NAMES.join(', ')}.`);
        return s as ServerName;
      });
    } else throw new BenchArgsError(`Unknown option "${flag}". ${USAGE}`);
  }
  return {
    only,
    clients: clients ?? (quick ? [20] : [100, 500]),
    servers,
    quick,
    workers: workers ?? defaultWorkers(),
    soakSeconds: soakSeconds ?? (quick ? QUICK_SOAK_SECONDS : FULL_SOAK_SECONDS),
    writeDocs: docs ?? !quick,
  };
}
