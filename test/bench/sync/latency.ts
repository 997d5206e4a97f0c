import { fig } from '../stats';
import { peakRssMiB } from './proc';
import { latencyFigures, LoadSession, loadFigures } from './session';
import { startTarget, type ServerName, type Target } from './targets';

export interface LatencyOptions {
  servers: readonly ServerName[];
  clients: readonly number[];
  rate: number;
  warmupMs: number;
  measureMs: number;
  seed: number;
  /** performance.now() after which no further server and N is started; they are listed as skipped. */
  deadline: number;
  /** Load processes the clients are spread over. */
  workers: number;
  log: (line: string) => void;
}

export type Row = Record<string, string | number>;

/** Edit latency, delivery, server CPU and memory, wire bytes: one fresh server per server and N. */
export async function latencyRows(options: LatencyOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const clients of options.clients) {
    for (const server of options.servers) {
      if (performance.now() > options.deadline) {
        rows.push({ server, clients, 'edits/s': options.rate, error: 'skipped: the time budget of the latency runs was used up' });
        options.log(`sync: ${server} at ${clients} clients skipped: time budget used up`);
        continue;
      }
      options.log(`sync: ${server}, ${clients} clients, ${options.rate} edits/s for ${options.measureMs / 1000} s`);
      let target: Target | null = null;
      let session: LoadSession | null = null;
      try {
        target = await startTarget(server);
        const connectStart = performance.now();
        session = await LoadSession.open(target, clients, connectStart + 120_000 + clients * 200, options.workers);
        const connectSeconds = (performance.now() - connectStart) / 1000;
        const result = await session.phase(options.rate, options.warmupMs, options.measureMs, options.seed);
        rows.push({
          server,
          clients,
          'edits/s': options.rate,
          edits: result.edits,
          ...latencyFigures(result),
          'server CPU s': fig(result.serverCpuSeconds),
          'peak RSS MiB': fig(peakRssMiB(target.pid)),
          'RSS/client KiB': fig(((session.rssClients - session.rssNoClients) * 1024) / clients),
          'bytes/edit': Math.round(result.bytesPerEdit),
          'load CPU s': fig(result.loadCpuSeconds),
          ...loadFigures(result),
          load: session.describeLoad(),
          confined: target.confinement ?? 'none',
          'connect s': fig(connectSeconds),
        });
      } catch (error) {
        rows.push({ server, clients, 'edits/s': options.rate, error: (error as Error).message.split('\n')[0] ?? 'failed' });
        options.log(`sync: ${server} at ${clients} clients failed: ${(error as Error).message}`);
      } finally {
        session?.close();
        await target?.stop();
      }
    }
  }
  return rows;
}
