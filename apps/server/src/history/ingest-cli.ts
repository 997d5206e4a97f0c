import { readFileSync } from 'node:fs';
import pino from 'pino';
import { loadConfig } from '../config';
import { SqliteStorage } from '../storage/sqlite';
import { ingestUpdates, type RecordedUpdate } from './ingest';

// `node --import tsx apps/server/src/history/ingest-cli.ts <roomId> <file.jsonl>`: stores recorded client updates
// (one `{"participantId", "update": <base64>}` per line) into a room of the SQLite database in DATA_DIR, through the
// server's own commit path (`ingestUpdates`). Run it while no server uses that DATA_DIR. Prints one JSON line.

function* linesOf(file: string): Generator<RecordedUpdate> {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { participantId, update } = JSON.parse(line) as { participantId: string; update: string };
    yield { participantId, update: new Uint8Array(Buffer.from(update, 'base64')) };
  }
}

async function main(): Promise<void> {
  const [roomId, file] = process.argv.slice(2);
  if (!roomId || !file) throw new Error('Usage: ingest-cli.ts <roomId> <updates.jsonl> (DATA_DIR names the database)');
  const config = loadConfig(process.env);
  const storage = new SqliteStorage({ dataDir: config.dataDir });
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const start = performance.now();
  try {
    const stored = await ingestUpdates(storage, roomId, linesOf(file), { snapshotEvery: config.snapshotEvery, logger });
    process.stdout.write(`${JSON.stringify({ stored, seconds: (performance.now() - start) / 1000 })}\n`);
  } finally {
    await storage.flush();
    await storage.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
