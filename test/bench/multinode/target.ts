import { createRoom, joinRoom, type LadderProcess } from '../../support/server';
import { confine } from '../confine';
import { roomOf, serverCpus, type Target } from '../sync/targets';

/** A cluster of Ladder nodes on PostgreSQL and Redis, as a bench target; `destroy` drops its schema and keys. */
export interface ClusterTarget extends Target {
  nodes: LadderProcess[];
  schema: string;
  prefix: string;
}

/**
 * Starts `count` Ladder nodes sharing one PostgreSQL schema and one Redis key prefix of their own (the
 * multi-node tests' cluster helper). DATABASE_URL and REDIS_URL name the services (default
 * postgres://postgres@127.0.0.1:5432/test and redis://127.0.0.1:6379). Client i connects to node i mod count.
 */
export async function startCluster(count: number, cpus = serverCpus()): Promise<ClusterTarget> {
  // The cluster helper reads its service addresses when it is loaded.
  if (process.env.DATABASE_URL && !process.env.LADDER_TEST_DATABASE_URL) process.env.LADDER_TEST_DATABASE_URL = process.env.DATABASE_URL;
  if (process.env.REDIS_URL && !process.env.LADDER_TEST_REDIS_URL) process.env.LADDER_TEST_REDIS_URL = process.env.REDIS_URL;
  const { createCluster } = await import('../../multinode/cluster');
  const cluster = await createCluster('bench');
  try {
    // BENCH_LADDER_CPU_PROF=<dir>: a V8 CPU profile of each node, as for the single server.
    const profileDir = process.env.BENCH_LADDER_CPU_PROF;
    const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    for (let i = 0; i < count; i++) await cluster.spawn({ env: { LOG_LEVEL: 'warn' }, nodeArgs });
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  const nodes = cluster.nodes as LadderProcess[];
  const first = nodes[0] as LadderProcess;
  // Each node in an allowance of its own, the same for every node: n nodes have n times the CPU of one.
  const allowances = nodes.map((n, i) => confine(n.child.pid as number, { cpus, name: `node-${i + 1}` }));
  return {
    name: 'ladder-cluster',
    confinement: `${allowances[0]?.label ?? 'none'} per node`,
    pid: first.child.pid as number,
    pids: nodes.map((n) => n.child.pid as number),
    keepsDocument: true,
    nodes,
    schema: cluster.schema,
    prefix: cluster.prefix,
    async openRoom(clients) {
      const room = await createRoom(first.url, 'Benchmark room');
      const tokens: string[] = new Array<string>(clients);
      for (let start = 0; start < clients; start += 20) {
        const joins = [];
        // Joins spread over the nodes too: every node reads the room from the shared database.
        for (let i = start; i < Math.min(clients, start + 20); i++) {
          const node = nodes[i % nodes.length] as LadderProcess;
          joins.push(joinRoom(node.url, room.roomId, room.invites.product, `client ${i}`).then((p) => { tokens[i] = p.token; }));
        }
        await Promise.all(joins);
      }
      return roomOf({ provider: 'y-websocket', urls: nodes.map((n) => `${n.wsUrl}/sync`), room: room.roomId, tokens });
    },
    stop: async () => {
      await cluster.destroy();
      for (const a of allowances) a.release();
    },
  };
}
