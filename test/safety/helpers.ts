import { afterAll, beforeAll } from 'vitest';
import * as Y from 'yjs';
import { featuresMap } from '@ladder/board-doc';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith, type ApiAnswer, type RoomWithPeople } from '../support/http';
import type { LadderServer } from '../support/server';
import { useLadder } from '../support/use-ladder';
import { eventually } from '@ladder/testing';

export interface Event { seq: number; at: number; participantId: string | null; name: string; kind: string; featureId: string; field: string | null; from: unknown; to: unknown }

export const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Clients of one room, each a stock y-websocket provider holding a participant's token. */
export class People {
  readonly clients = new Map<string, SyncClient>();

  constructor(readonly server: LadderServer, readonly room: RoomWithPeople) {}

  async join(...names: string[]): Promise<void> {
    for (const name of names) {
      const client = connectClient(this.server.wsUrl, this.room.roomId, member(this.room, name).token);
      this.clients.set(name, client);
      await client.synced;
    }
  }

  doc(name: string): Y.Doc {
    const client = this.clients.get(name);
    if (!client) throw new Error(`${name} has not joined`);
    return client.doc;
  }

  /** Runs `change` on `name`'s document, then waits until every client holds the same features. */
  async write(name: string, change: (doc: Y.Doc) => void): Promise<void> {
    change(this.doc(name));
    await this.settled(name);
  }

  /** Waits until every client holds the features `name` holds. */
  async settled(name: string): Promise<void> {
    const docs = [...this.clients.values()].map((c) => c.doc);
    const target = JSON.stringify(featuresMap(this.doc(name)).toJSON());
    await eventually(() => docs.every((d) => JSON.stringify(featuresMap(d).toJSON()) === target), { timeout: 20_000 });
  }

  api(name: string, path: string, body?: unknown): Promise<ApiAnswer> {
    return api(this.server.url, `/api/rooms/${this.room.roomId}${path}`, { token: member(this.room, name).token, ...(body !== undefined ? { body } : {}) });
  }

  async history(): Promise<Event[]> {
    return ((await this.api([...this.clients.keys()][0] as string, '/history')).json as { events: Event[] }).events;
  }

  /** The latest seq once the history has caught up with the last write. */
  async latestSeq(minEvents: number): Promise<number> {
    const events = await eventually(async () => {
      const all = await this.history();
      return all.length >= minEvents ? all : null;
    }, { timeout: 20_000 });
    return Math.max(0, ...events.map((e) => e.seq));
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
  }
}

export interface SafetyRoom {
  readonly server: LadderServer;
  /** Ada (facilitator), Ben (product) and Cleo (portfolio), each connected with a client. */
  readonly people: People;
}

/** A server of its own for a test file, and one room with Ada, Ben and Cleo connected; all closed after the file. */
export function useSafetyRoom(env: Record<string, string> = {}): SafetyRoom {
  const server = useLadder({ env });
  let people: People | undefined;
  beforeAll(async () => {
    people = new People(server, await roomWith(server.url, { Ada: 'facilitator', Ben: 'product', Cleo: 'portfolio' }));
    await people.join('Ada', 'Ben', 'Cleo');
  });
  afterAll(() => {
    people?.destroy();
  });
  return {
    server,
    get people() {
      if (!people) throw new Error('the room is not set up yet: use it inside a test');
      return people;
    },
  };
}
