import type { AccessLimiter } from '../access/limits';
import type { TokenSigner } from '../auth/tokens';
import type { HistoryService } from '../history/service';
import type { ServerMetrics } from '../plugins/metrics';
import type { Storage } from '../storage/types';
import type { RoomManager } from '../sync/rooms';

/** What the HTTP routes use. */
export interface HttpDeps {
  storage: Storage;
  rooms: RoomManager;
  /** Reads a room's history, with the server's replay caches. */
  history: HistoryService;
  signer: TokenSigner;
  metrics: ServerMetrics;
  webDir: string;
  /** Base of invite links, without a trailing slash (known once the server listens). */
  publicUrl: () => string;
  /** Rate limits on creating and joining rooms. */
  limiter: AccessLimiter;
  /** How long a new invite link works (ms). */
  inviteTtlMs: number;
  /** Proxies in front whose X-Forwarded-For is believed (Fastify's `trustProxy`). */
  trustProxy: number;
  /** Closes a removed participant's sockets on this node and tells the other nodes to close theirs. */
  revoke: (roomId: string, participantId: string) => void;
  /** `/healthz`: 200 when `ok`, else 503 with the report; absent: always `{ ok: true }`. */
  health?: () => Promise<{ ok: boolean; [detail: string]: unknown }>;
}
