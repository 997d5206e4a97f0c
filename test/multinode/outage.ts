import { afterAll, beforeAll } from 'vitest';
import type { LadderServer, Role } from '../support/server';
import type { SyncClient } from '../support/clients';
import { roomWith, type RoomWithPeople } from '../support/http';
import { createCluster, TEST_DATABASE_URL, TEST_REDIS_URL, type Cluster } from './cluster';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

export interface OutagePair {
  /** The node that reaches the service through the proxy the test cuts and restores. */
  readonly a: LadderServer;
  /** The node that reaches the service directly. */
  readonly b: LadderServer;
  readonly proxy: TcpProxy;
  /** A room created on node b with the people asked for. */
  readonly room: RoomWithPeople;
  /** Clients to destroy after the file's tests. */
  readonly clients: SyncClient[];
  /** The cluster, for reading its PostgreSQL schema directly. */
  readonly cluster: Cluster;
}

const SERVICES = {
  DATABASE_URL: { url: TEST_DATABASE_URL, port: 5432 },
  REDIS_URL: { url: TEST_REDIS_URL, port: 6379 },
} as const;

/**
 * Two nodes of one cluster for an outage test: node a reaches `service` (PostgreSQL or Redis) through a TCP proxy that
 * the test cuts and restores, node b reaches it directly. Started before the file's tests, torn down after them.
 */
export function useOutagePair(name: string, service: keyof typeof SERVICES, people: Record<string, Role>): OutagePair {
  let cluster: Cluster | undefined;
  let state: Omit<OutagePair, 'clients' | 'cluster'> | undefined;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    cluster = await createCluster(name);
    const target = new URL(SERVICES[service].url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || SERVICES[service].port) });
    const viaProxy = new URL(SERVICES[service].url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const b = await cluster.start();
    const a = await cluster.start({ env: { [service]: viaProxy.toString() } });
    state = { a, b, proxy, room: await roomWith(b.url, people) };
  });

  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await cluster?.destroy();
    await state?.proxy.close();
  });

  const started = () => {
    if (!state) throw new Error('the nodes are not started yet: use the pair inside a test');
    return state;
  };
  return {
    get a() { return started().a; },
    get b() { return started().b; },
    get proxy() { return started().proxy; },
    get room() { return started().room; },
    get cluster() {
      if (!cluster) throw new Error('the cluster is not created yet: use the pair inside a test');
      return cluster;
    },
    clients,
  };
}
