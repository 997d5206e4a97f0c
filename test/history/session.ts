import * as Y from 'yjs';
import { createFeature, deleteFeature, featuresMap, rankingOf, readFeature, updateFeature } from '@ladder/board-doc';
import { DEFAULT_SCALE } from '@ladder/wsjf';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, type RoomWithPeople } from '../support/http';
import { canonicalState, sameBytes } from '../support/state';
import { eventually, type Rng } from '@ladder/testing';

// A random editing session by several real clients, each recording what it saw after each change.

export interface Seen {
  /** The server seq the client was at: the last stored update once the change reached every client. */
  seq: number;
  client: string;
  features: unknown;
  ranking: ReturnType<typeof rankingOf>;
}

export interface Session {
  clients: Map<string, SyncClient>;
  seen: Seen[];
}

const COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;

export async function latestSeq(url: string, room: RoomWithPeople, token: string): Promise<number> {
  const answer = await api(url, `/api/rooms/${room.roomId}/history/timeline`, { token });
  if (answer.status !== 200) throw new Error(`timeline answered ${answer.status}: ${answer.text}`);
  const points = (answer.json as { points: { seq: number }[] }).points;
  return points.at(-1)?.seq ?? 0;
}

function randomEdit(rng: Rng, doc: Y.Doc, participantId: string, counter: { next: number }): void {
  const ids = [...featuresMap(doc).keys()];
  const roll = rng.next();
  if (ids.length < 3 || roll < 0.25) {
    const id = `F-${counter.next++}`;
    createFeature(doc, {
      id, title: `Feature ${id}`,
      userBusinessValue: rng.pick(DEFAULT_SCALE), timeCriticality: rng.pick(DEFAULT_SCALE),
      riskReduction: rng.pick(DEFAULT_SCALE), jobSize: rng.pick(DEFAULT_SCALE),
    }, { participantId, now: Date.now() });
  } else if (roll < 0.33) {
    deleteFeature(doc, rng.pick(ids));
  } else {
    const id = rng.pick(ids);
    const field = rng.pick(COMPONENTS);
    const current = (readFeature(doc, id) as Record<string, unknown> | null)?.[field];
    const value = rng.pick(DEFAULT_SCALE.filter((v) => v !== current));
    updateFeature(doc, id, { [field]: value }, { participantId, now: Date.now() });
  }
}

/** Runs `steps` random edits, each by a random client; after each, every client records its features, ranking and seq. */
export async function runSession(url: string, wsUrl: string, room: RoomWithPeople, names: string[], rng: Rng, steps: number): Promise<Session> {
  const clients = new Map(names.map((name) => [name, connectClient(wsUrl, room.roomId, member(room, name).token)] as const));
  await Promise.all([...clients.values()].map((c) => c.synced));
  const reader = member(room, names[0] as string).token;
  const seen: Seen[] = [];
  const counter = { next: 1 };
  let before = await latestSeq(url, room, reader);
  for (let step = 0; step < steps; step++) {
    const name = rng.pick(names);
    const by = clients.get(name) as SyncClient;
    randomEdit(rng, by.doc, member(room, name).participantId, counter);
    const all = [...clients.values()];
    await eventually(() => all.every((c) => sameBytes(Y.encodeStateVector(c.doc), Y.encodeStateVector(by.doc)) && canonicalState(c.doc) === canonicalState(by.doc)), { timeout: 10_000, what: () => `step ${step} by ${name} did not reach every client` });
    const seq = await eventually(async () => {
      const latest = await latestSeq(url, room, reader);
      return latest > before ? latest : 0;
    }, { timeout: 10_000, what: () => `step ${step} was not stored after seq ${before}` });
    before = seq;
    for (const [client, c] of clients) {
      seen.push({ seq, client, features: featuresMap(c.doc).toJSON(), ranking: rankingOf(c.doc) });
    }
  }
  return { clients, seen };
}
