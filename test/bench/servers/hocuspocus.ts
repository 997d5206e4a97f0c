import { Server } from '@hocuspocus/server';

/**
 * Hocuspocus 3 with no extensions (no database: documents live in memory), as a child process of the
 * benchmark. Listens on HOST:PORT (PORT 0 picks a free one) and prints `listening on <port>`.
 */
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? '0');

const server = new Server({ address: host, port, quiet: true });
await server.listen();
console.log(`listening on ${server.address.port}`);

const stop = () => { void server.destroy().finally(() => process.exit(0)); };
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
