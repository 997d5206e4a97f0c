import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote, createFeature, setMeta, updateFeature } from '@ladder/board-doc';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { startLadder, type LadderServer } from '../support/server';
import { eventually } from '@ladder/testing';

// Decision notes in the history: GET …/history, the timeline the replay walks, history.csv and history.jsonl.

interface Event { seq: number; at: number; kind: string; featureId: string; field: string | null; participantId: string | null; name: string; from: unknown; to: unknown }
interface Point { seq: number; participantId: string | null; notes?: { id: string; text: string; author: string; featureId?: string; field?: string }[] }


describe('decision notes in the history', () => {
  let ladder: LadderServer;
  let room: RoomWithPeople;
  let client: SyncClient;

  beforeAll(async () => {
    // A snapshot every 3 updates, so that after a restart the notes are read from a snapshot.
    ladder = await startLadder({ env: { LADDER_SNAPSHOT_EVERY: '3' } });
    room = await roomWith(ladder.url, { Alice: 'portfolio', Bob: 'observer' });
    client = connectClient(ladder.wsUrl, room.roomId, member(room, 'Alice').token);
    await client.synced;
  });
  afterAll(async () => {
    client?.destroy();
    await ladder?.stop();
    ladder?.cleanup();
  });

  const get = (path: string) => api(ladder.url, `/api/rooms/${room.roomId}${path}`, { token: member(room, 'Bob').token });
  const events = async () => ((await get('/history')).json as { events: Event[] }).events;

  it('a note shows in /history with the seq of the change it explains, in the timeline, and in both exports; also after a restart', async () => {
    const alice = member(room, 'Alice');
    const by = () => ({ participantId: alice.participantId, now: Date.now() });
    const doc = client.doc;
    // Read once before any note, so the server's copy of the notes is brought up to date update by update.
    expect((await events()).filter((e) => e.kind === 'note')).toEqual([]);
    createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, committed: true }, by());
    createFeature(doc, { id: 'F-2', title: 'Reports', userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 8 }, by());
    setMeta(doc, { capacity: 7 });
    // The change and its note in one transaction.
    doc.transact(() => {
      updateFeature(doc, 'F-2', { jobSize: 1 }, by());
      addNote(doc, { id: 'n-linked', text: 'Reports re-sliced: the export alone ships in May', author: 'Alice', participantId: alice.participantId, at: Date.now(), featureId: 'F-2', change: { field: 'jobSize', from: 8, to: 1 } });
    });
    updateFeature(doc, 'F-1', { riskReduction: 5 }, by());
    addNote(doc, { id: 'n-ranking', text: '=Ranking agreed, see you in May', author: 'Alice', participantId: alice.participantId, at: Date.now() });

    const first = await eventually(events, { until: (e) => e.filter((x) => x.kind === 'note').length === 2, what: 'two notes in /history' });
    const change = first.find((e) => e.kind === 'changed' && e.featureId === 'F-2' && e.field === 'jobSize');
    const linked = first.find((e) => e.kind === 'note' && e.featureId === 'F-2');
    const ranking = first.find((e) => e.kind === 'note' && e.featureId === '');
    expect(change).toBeDefined();
    expect(linked).toMatchObject({ seq: change?.seq, participantId: alice.participantId, name: 'Alice', field: null, from: { field: 'jobSize', from: 8, to: 1 }, to: 'Reports re-sliced: the export alone ships in May' });
    // The note comes right after the change it explains; the ranking note after the riskReduction change before it.
    expect(first.indexOf(linked as Event)).toBe(first.indexOf(change as Event) + 1);
    const risk = first.find((e) => e.featureId === 'F-1' && e.field === 'riskReduction');
    expect(ranking?.seq).toBe((risk?.seq ?? 0) + 1);
    expect(first.at(-1)).toEqual(ranking);
    // Pages never lose a note: walk with limit 1 and get the same list.
    const walked: Event[] = [];
    for (let afterSeq = 0; ;) {
      const page = (await get(`/history?afterSeq=${afterSeq}&limit=1`)).json as { events: Event[]; nextAfterSeq: number; hasMore: boolean };
      walked.push(...page.events);
      if (!page.hasMore) break;
      afterSeq = page.nextAfterSeq;
    }
    expect(walked).toEqual(first);

    // The timeline the replay walks carries each note on its update.
    const points = ((await get('/history/timeline')).json as { points: Point[] }).points;
    expect(points.find((p) => p.seq === change?.seq)?.notes).toEqual([{ id: 'n-linked', text: 'Reports re-sliced: the export alone ships in May', author: 'Alice', featureId: 'F-2', field: 'jobSize' }]);
    expect(points.find((p) => p.seq === ranking?.seq)?.notes).toEqual([{ id: 'n-ranking', text: '=Ranking agreed, see you in May', author: 'Alice' }]);
    expect(points.filter((p) => p.notes).length).toBe(2);

    // Both exports, with the note rows where the history has them; a formula-like note is neutralised in the CSV.
    const csv = (await get('/history.csv')).text.split('\r\n');
    expect(csv).toContain(`${change?.seq},${linked?.at ?? ''},${new Date(linked?.at ?? 0).toISOString()},${alice.participantId},Alice,note,F-2,,"{""field"":""jobSize"",""from"":8,""to"":1}",Reports re-sliced: the export alone ships in May,`);
    expect(csv.some((line) => line.includes(`,note,,,,'=Ranking agreed, see you in May,`) || line.includes(`,note,,,,"'=Ranking agreed, see you in May",`))).toBe(true);
    const jsonl = (await get('/history.jsonl')).text.trim().split('\n').map((line) => JSON.parse(line) as Event);
    expect(jsonl).toEqual(first);

    // After a restart the notes are read from a snapshot: the same seqs.
    client.destroy();
    const dataDir = ladder.dataDir;
    await ladder.stop();
    ladder = await startLadder({ dataDir, env: { LADDER_SNAPSHOT_EVERY: '3' } });
    client = connectClient(ladder.wsUrl, room.roomId, alice.token);
    expect(await events()).toEqual(first);
  }, 60_000);
});
