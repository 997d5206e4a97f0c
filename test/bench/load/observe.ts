/** An edit as the coordinator records it: which feature, its place among that feature's edits, who sent it and when. */
export interface EditRecord {
  feature: number;
  /** Position among the edits of its feature in this phase (0, 1, 2 …). */
  order: number;
  /** The `updatedAt` stamp the edit wrote: the shared clock when it was made. */
  stamp: number;
  /** Global index of the client that made it. */
  sender: number;
  /** In the measured window (not warm-up). */
  counted: boolean;
}

/** Edits of one phase, indexed for the observers. */
export class EditLog {
  readonly byFeature: EditRecord[][];
  readonly #byStamp = new Map<string, EditRecord>();

  constructor(features: number, edits: readonly EditRecord[]) {
    this.byFeature = Array.from({ length: features }, () => []);
    for (const edit of [...edits].sort((a, b) => a.order - b.order)) {
      (this.byFeature[edit.feature] as EditRecord[]).push(edit);
      this.#byStamp.set(`${edit.feature}:${edit.stamp}`, edit);
    }
  }

  find(feature: number, stamp: number): EditRecord | undefined {
    return this.#byStamp.get(`${feature}:${stamp}`);
  }

  /** Latest stamp per edited feature: a client has everything once its document shows these. */
  finalStamps(): Map<number, number> {
    const out = new Map<number, number>();
    this.byFeature.forEach((edits, feature) => { const last = edits.at(-1); if (last) out.set(feature, last.stamp); });
    return out;
  }
}

/**
 * Latencies one client observed. `observations` is flat, in arrival order: feature, stamp seen in `updatedAt`,
 * time seen (shared clock). Seeing an edit of a feature also delivers the earlier edits of that feature not seen
 * yet: servers that batch (Ladder merges the updates of one tick) may hand over several edits as one change.
 * Only counted edits by other clients give samples; stamps of no edit of this phase are ignored.
 */
export function clientLatencies(observations: readonly number[], log: EditLog, client: number, samples: number[]): number {
  const watermark = new Int32Array(log.byFeature.length);
  let deliveries = 0;
  for (let i = 0; i + 2 < observations.length; i += 3) {
    const feature = observations[i] as number;
    const seen = log.find(feature, observations[i + 1] as number);
    if (!seen) continue;
    const at = observations[i + 2] as number;
    const edits = log.byFeature[feature] as EditRecord[];
    for (let j = watermark[feature] as number; j <= seen.order; j++) {
      const edit = edits[j] as EditRecord;
      if (!edit.counted || edit.sender === client) continue;
      samples.push(at - edit.stamp);
      deliveries++;
    }
    watermark[feature] = Math.max(watermark[feature] as number, seen.order + 1);
  }
  return deliveries;
}
