import { createFeature, deleteFeature, featuresMap, readMeta, updateFeature, type FeaturePatch } from '@ladder/board-doc';
import { sleep, type SyncClient } from './clients';
import type { Rng } from '@ladder/testing';

const COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;
const TEAMS = ['Atlas', 'Borealis', 'Cygnus'];

function randomEstimates(rng: Rng, scale: readonly number[]): FeaturePatch {
  const patch: FeaturePatch = {};
  for (const component of COMPONENTS) if (rng.chance(0.7)) patch[component] = rng.pick(scale);
  return patch;
}

/**
 * One random edit on one client's document, as a person at the board makes them: create a feature (with some
 * estimates), delete one, retitle one, or set or clear one or two estimates on the room's scale. Returns what it did.
 */
export function randomEdit(rng: Rng, client: SyncClient, participantId: string, label: string): string {
  const { doc } = client;
  const scale = readMeta(doc).scale;
  const ids = Array.from(featuresMap(doc).keys()).sort();
  const roll = rng.next();
  if (ids.length < 4 || roll < 0.2) {
    const id = `F-${label}`;
    createFeature(doc, { id, title: `Feature ${label}`, team: rng.pick(TEAMS), ...randomEstimates(rng, scale) }, { participantId, now: Date.now() });
    return `create ${id}`;
  }
  const id = rng.pick(ids);
  if (roll < 0.27) {
    deleteFeature(doc, id);
    return `delete ${id}`;
  }
  const patch: FeaturePatch = {};
  if (roll < 0.35) patch.title = `Retitled ${label}`;
  else {
    patch[rng.pick(COMPONENTS)] = rng.chance(0.1) ? null : rng.pick(scale);
    if (rng.chance(0.3)) patch[rng.pick(COMPONENTS)] = rng.pick(scale);
  }
  updateFeature(doc, id, patch);
  return `update ${id} ${JSON.stringify(patch)}`;
}

export interface ChurnResult {
  /** One line per step, for the failure message. */
  log: string[];
  edits: number;
  disconnects: number;
}

/**
 * A seeded random session: `steps` times a random client either drops or regains its connection (6 %) or makes a
 * random edit, with short random pauses. Every client is connected again at the end.
 */
export async function runChurn(rng: Rng, clients: readonly SyncClient[], steps: number,
  who: (index: number) => { participantId: string; label: string }): Promise<ChurnResult> {
  const result: ChurnResult = { log: [], edits: 0, disconnects: 0 };
  for (let step = 0; step < steps; step++) {
    const index = rng.int(0, clients.length - 1);
    const client = clients[index] as SyncClient;
    if (rng.chance(0.06)) {
      if (client.provider.shouldConnect) {
        client.provider.disconnect();
        result.disconnects++;
        result.log.push(`#${index} disconnect`);
      } else {
        client.provider.connect();
        result.log.push(`#${index} connect`);
      }
    } else {
      const { participantId, label } = who(index);
      result.log.push(`#${index} ${randomEdit(rng, client, participantId, `${label}-${step}`)}`);
      result.edits++;
    }
    if (rng.chance(0.25)) await sleep(rng.int(0, 12));
  }
  for (const client of clients) client.provider.connect();
  return result;
}
