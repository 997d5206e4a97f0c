/** What one load process measured in one phase. */
export interface WorkerPhaseReport {
  clients: number;
  /** Latency samples, ms. */
  samples: Float64Array;
  deliveries: number;
  /** Payload bytes its client sockets received in the measured window. */
  wireBytes: number;
  /** CPU seconds (user + system) the process used in the measured window. */
  cpuSeconds: number;
  /** p99 of the process' event-loop delay in the window, ms: high means its clients saw messages late. */
  loopDelayP99: number;
}

export interface MergedReport {
  /** Every sample of every process, ascending. */
  samples: Float64Array;
  deliveries: number;
  wireBytes: number;
  /** CPU of all load processes together. */
  cpuSeconds: number;
  /** CPU of the busiest load process: near the window's length, that process was the limit. */
  busiestCpuSeconds: number;
  /** The worst p99 event-loop delay of any load process, ms. */
  loopDelayP99: number;
}

/** Adds up the reports of the load processes of one phase. */
export function mergeReports(reports: readonly WorkerPhaseReport[]): MergedReport {
  const total = reports.reduce((sum, r) => sum + r.samples.length, 0);
  const samples = new Float64Array(total);
  let at = 0;
  for (const r of reports) { samples.set(r.samples, at); at += r.samples.length; }
  samples.sort();
  return {
    samples,
    deliveries: reports.reduce((sum, r) => sum + r.deliveries, 0),
    wireBytes: reports.reduce((sum, r) => sum + r.wireBytes, 0),
    cpuSeconds: reports.reduce((sum, r) => sum + r.cpuSeconds, 0),
    busiestCpuSeconds: reports.reduce((max, r) => Math.max(max, r.cpuSeconds), 0),
    loopDelayP99: reports.reduce((max, r) => Math.max(max, r.loopDelayP99), 0),
  };
}
