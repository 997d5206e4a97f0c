import type { RoomSpec } from '../sync/client';
import type { ClientRange } from './split';
import type { EditRecord } from './observe';
import type { WorkerPhaseReport } from './report';

/** Coordinator → load process. */
export type ToWorker =
  | {
    type: 'init';
    spec: RoomSpec;
    range: ClientRange;
    /** Epoch base of the shared clock. */
    base: number;
    features: number;
    /** For servers that keep no document: the seeded state every client starts with. */
    seedState: Uint8Array | null;
  }
  | { type: 'reset' }
  | { type: 'edit'; index: number; sender: number; feature: number; component: number; pick: number }
  | { type: 'measure' }
  | { type: 'settle'; edits: EditRecord[]; waitMs: number }
  | { type: 'close' };

/** Load process → coordinator. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'sent'; index: number; stamp: number; yClient: number; clock: number }
  | { type: 'report'; report: WorkerPhaseReport }
  | { type: 'error'; message: string };
