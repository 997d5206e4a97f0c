import type { TokenSigner } from '../auth/tokens';
import type { ServerMetrics } from '../plugins/metrics';
import type { Storage } from '../storage/types';
import type { RoomManager } from '../sync/rooms';

/** What the HTTP routes use. */
export interface HttpDeps {
  storage: Storage;
  rooms: RoomManager;
  signer: TokenSigner;
  metrics: ServerMetrics;
  webDir: string;
  /** Base of invite links, without a trailing slash (known once the server listens). */
  publicUrl: () => string;
  /** `/healthz`: 200 when `ok`, else 503 with the report; absent: always `{ ok: true }`. */
  health?: () => Promise<{ ok: boolean; [detail: string]: unknown }>;
}
