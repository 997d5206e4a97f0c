import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { RestartPlan } from './plan';

// A restart-run load process (started by restart.ts): stock providers with the web client's jittered backoff;
// reports every 50 ms how many of its clients are synced.

function runRestartWorker(plan: RestartPlan): void {
  process.setMaxListeners(0);
  const providers = plan.tokens.map((token) => {
    const provider = new WebsocketProvider(plan.wsUrl, plan.roomId, new Y.Doc(), {
      params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
    });
    provider.on('connection-close', (event) => {
      if (event?.code === 1012) provider.wsUnsuccessfulReconnects = Math.max(provider.wsUnsuccessfulReconnects, 3);
      const bound = Math.min(2 ** (provider.wsUnsuccessfulReconnects + 1) * 100, 5_000);
      provider.maxBackoffTime = Math.max(50, Math.round(Math.random() * bound));
    });
    return provider;
  });
  setInterval(() => process.send?.({ synced: providers.filter((p) => p.synced).length }), 50);
}

process.on('disconnect', () => process.exit(0));
process.once('message', (plan) => runRestartWorker(plan as RestartPlan));
