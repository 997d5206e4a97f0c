import * as encoding from 'lib0/encoding';

// What the big-room coordinator and its load processes exchange.

export interface BigRoomTable { name: string; rows: Record<string, string | number>[] }

export const PRESENCE_HZ = 10; // the web client's throttle (apps/web/src/board/presence.ts)

export interface LoadPlan {
  wsUrl: string;
  /** Several nodes of one cluster: client i (over every process) connects to `wsUrls[i mod n]` instead of `wsUrl`. */
  wsUrls?: string[];
  roomId: string;
  /**
   * Many rooms: per client of this load process, its room (instead of `roomId`). Then every load process edits, from the
   * first client of each of its rooms, `editsPerSecond` spread over them (`editors` is not used).
   */
  roomIds?: string[];
  /** Per client of this load process: the index in `wsUrls` of its node (instead of client i on node i mod n). */
  nodeOfClient?: number[];
  /** Many rooms of this size, in client order: one cursor per room moves (which one rotates), instead of `moving`. */
  perRoom?: number;
  /** Per client of this load process: its token (null for servers without tokens). */
  tokens: (string | null)[];
  /** First global client index of this load process. */
  offset: number;
  /** Epoch base of the shared clock (load/clock.ts). */
  base: number;
  editsPerSecond: number;
  editors: number;
  /** Share of clients whose cursor moves at any moment (they send presence at `presenceHz`). */
  moving: number;
  /** How often a moving cursor sends its presence (default PRESENCE_HZ, the web client's throttle). */
  presenceHz?: number;
  seconds: number;
  /** Also open and close this many short-lived rooms (soak). */
  churnRooms: { httpUrl: string; count: number } | null;
}

export interface WorkerReport {
  latencies: number[];
  /** Edits sent (by the process that edits), each to be delivered to every other client of the room. */
  edits: number;
  presenceFrames: number[];
  presenceEntries: number[];
  connected: number;
  closed: number;
  /** CPU seconds the load process used while measuring. */
  cpu: number;
  /** CPU seconds of the busiest load process (after merging). */
  busiestCpu: number;
}

/** Load process → coordinator. */
export type LoadMessage = { type: 'measuring' } | { type: 'report'; report: WorkerReport };
/** Coordinator → the editing load process: every process is measuring, edits may start. */
export interface StartEdits { type: 'edit' }

export interface RestartPlan { wsUrl: string; roomId: string; tokens: string[] }

/** A y-websocket frame: message type, then the body. */
export function frame(type: number, body: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  body(encoder);
  return encoding.toUint8Array(encoder);
}

/** Adds up the reports of the load processes; per-client arrays are concatenated in process order. */
export function mergeLoadReports(reports: readonly WorkerReport[]): WorkerReport {
  return {
    latencies: reports.flatMap((r) => r.latencies),
    edits: reports.reduce((s, r) => s + r.edits, 0),
    presenceFrames: reports.flatMap((r) => r.presenceFrames),
    presenceEntries: reports.flatMap((r) => r.presenceEntries),
    connected: reports.reduce((s, r) => s + r.connected, 0),
    closed: reports.reduce((s, r) => s + r.closed, 0),
    cpu: reports.reduce((s, r) => s + r.cpu, 0),
    busiestCpu: reports.reduce((m, r) => Math.max(m, r.cpu), 0),
  };
}
