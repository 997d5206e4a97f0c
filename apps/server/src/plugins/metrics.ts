import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { closeName } from '../close-codes';
import type { Plugin } from '../plugins';

export interface ServerMetrics {
  registry: Registry;
  plugin: Plugin;
  httpRequests: Counter<'method' | 'route' | 'status'>;
}

/** Prometheus metrics for one server instance (its own registry, so several servers can share a process). */
export function createMetrics(gauges: { connections: () => number; rooms: () => number }): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ladder_' });
  const closes = new Counter({
    name: 'ladder_ws_closes_total',
    help: 'WebSocket connections the server closed (refusals, errors, shutdown), by close code',
    labelNames: ['code', 'reason'] as const,
    registers: [registry],
  });
  const disconnects = new Counter({ name: 'ladder_ws_disconnects_total', help: 'WebSocket connections ended by the client', registers: [registry] });
  const connects = new Counter({ name: 'ladder_ws_connections_total', help: 'WebSocket connections admitted to a room', labelNames: ['role'] as const, registers: [registry] });
  const dropped = new Counter({
    name: 'ladder_observer_updates_dropped_total',
    help: 'Document updates from read-only roles (observers) that were dropped: not applied, stored or broadcast',
    registers: [registry],
  });
  const updates = new Counter({ name: 'ladder_updates_total', help: 'Document updates stored and applied', registers: [registry] });
  const updateBytes = new Counter({ name: 'ladder_update_bytes_total', help: 'Bytes of document updates stored', registers: [registry] });
  const loads = new Counter({ name: 'ladder_room_loads_total', help: 'Rooms loaded from storage', registers: [registry] });
  new Gauge({ name: 'ladder_ws_open_connections', help: 'Open WebSocket connections', registers: [registry], collect() { this.set(gauges.connections()); } });
  new Gauge({ name: 'ladder_rooms_loaded', help: 'Rooms held in memory', registers: [registry], collect() { this.set(gauges.rooms()); } });
  const httpRequests = new Counter({
    name: 'ladder_http_requests_total',
    help: 'HTTP requests answered, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const plugin: Plugin = {
    name: 'metrics',
    onLoadRoom() { loads.inc(); },
    onUpdate({ update }) {
      updates.inc();
      updateBytes.inc(update.length);
    },
    onConnect({ role }) { connects.inc({ role }); },
    onClose({ code, byServer }) {
      if (byServer) closes.inc({ code: String(code), reason: closeName(code) });
      else disconnects.inc();
    },
    onDropUpdate() { dropped.inc(); },
  };
  return { registry, plugin, httpRequests };
}
