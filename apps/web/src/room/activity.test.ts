import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createFeature, deleteFeature, featuresMap, initRoom, trackFeatureChanges, updateFeature, type ChangeEvent,
} from '@ladder/board-doc';
import { acceptedRoundText, authorOf, describeEvents, recoveryText, updatedByWritten } from './activity';

const titles: Record<string, string> = { 'F-1': 'Faster checkout', 'F-2': 'Pasted two' };
const titleOf = (id: string) => titles[id] ?? id;
const change = (featureId: string, field: string, from: unknown, to: unknown): ChangeEvent => ({ kind: 'changed', featureId, field, from, to });

describe('describeEvents: one line per change in Recent changes', () => {
  it('an import that adds and updates says both', () => {
    const created = (featureId: string): ChangeEvent => ({ kind: 'created', featureId, field: null, from: null, to: { id: featureId } });
    expect(describeEvents([created('F-3'), change('F-1', 'jobSize', 5, 8), change('F-1', 'timeCriticality', 1, 2)], titleOf))
      .toBe('added F-3 and edited Faster checkout');
    expect(describeEvents([created('F-3'), created('F-4'), change('F-1', 'jobSize', 5, 8), change('F-2', 'jobSize', 1, 2)], titleOf))
      .toBe('added 2 features and edited 2 features');
    // The fields a new feature gets in the same change are part of adding it.
    expect(describeEvents([created('F-3'), change('F-3', 'jobSize', null, 8)], titleOf)).toBe('added F-3');
  });

  it('a commitment reads as committed / uncommitted, never as a raw boolean', () => {
    expect(describeEvents([change('F-1', 'committed', false, true)], titleOf)).toBe('committed Faster checkout');
    expect(describeEvents([change('F-1', 'committed', true, false)], titleOf)).toBe('uncommitted Faster checkout');
    expect(describeEvents([change('F-1', 'committed', undefined, true)], titleOf)).toBe('committed Faster checkout');
  });

  it('several fields of one feature (an accepted round) list each field with its values, in the order of the card', () => {
    const events = [
      change('F-2', 'jobSize', null, 2),
      change('F-2', 'timeCriticality', 3, 5),
      change('F-2', 'userBusinessValue', null, 8),
    ];
    expect(describeEvents(events, titleOf)).toBe('edited Pasted two: Business value – → 8, Time criticality 3 → 5, Job size – → 2');
  });

  it('more than four fields name three and count the rest', () => {
    const events = [
      change('F-2', 'userBusinessValue', null, 8),
      change('F-2', 'timeCriticality', null, 5),
      change('F-2', 'riskReduction', null, 3),
      change('F-2', 'jobSize', null, 2),
      change('F-2', 'title', 'Pasted', 'Pasted two'),
    ];
    expect(describeEvents(events, titleOf)).toBe('edited Pasted two: Business value – → 8, Time criticality – → 5, Risk reduction – → 3, 2 more');
  });

  it('a record without values still says which feature was edited', () => {
    const events = [change('F-2', 'userBusinessValue', undefined, undefined), change('F-2', 'jobSize', undefined, undefined)];
    expect(describeEvents(events, titleOf)).toBe('edited Pasted two');
  });

  it('one estimate reads as before', () => {
    expect(describeEvents([change('F-1', 'jobSize', 3, 5)], titleOf)).toBe('set Job size of Faster checkout 3 → 5');
  });

  it('the CD3 fields read in words, never as their keys', () => {
    expect(describeEvents([change('F-1', 'durationWeeks', null, 4)], titleOf)).toBe('set Duration (weeks) of Faster checkout – → 4');
    expect(describeEvents([change('F-1', 'costPerWeek', null, 12000)], titleOf)).toBe('set Cost of delay per week of Faster checkout – → 12000');
    expect(describeEvents([change('F-2', 'costPerWeek', null, 500), change('F-2', 'durationWeeks', 2, 3)], titleOf))
      .toBe('edited Pasted two: Cost of delay per week – → 500, Duration (weeks) 2 → 3');
  });
});

/** Two replicas that exchange every update, as a browser and the server do. */
function pair(): [Y.Doc, Y.Doc] {
  const server = new Y.Doc();
  initRoom(server, { title: 'PI 26.1' });
  const browser = new Y.Doc();
  Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
  server.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'peer') Y.applyUpdate(browser, u, 'peer'); });
  browser.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'peer') Y.applyUpdate(server, u, 'peer'); });
  return [server, browser];
}

/** The author the browser credits for each remote change, as the board's Recent changes does. */
function authorsSeen(browser: Y.Doc): (string | null)[] {
  const seen: (string | null)[] = [];
  trackFeatureChanges(browser, (events, txn) => seen.push(authorOf(events, (id) => updatedByWritten(featuresMap(browser).get(id), txn))));
  return seen;
}

describe('authorOf: who Recent changes and move badges credit', () => {
  it('a restore that brings back features credits whoever restored them, not their creator', () => {
    const [server, browser] = pair();
    const seen = authorsSeen(browser);
    const priya = { participantId: 'p-priya', now: 1_000 };
    const ids = Array.from({ length: 13 }, (_, i) => `F-${i + 1}`);
    server.transact(() => { for (const id of ids) createFeature(server, { id, title: id, jobSize: 3 }, priya); });
    server.transact(() => { for (const id of ids) deleteFeature(server, id); });
    // The server's restore: the features come back with their creator, stamped as updated by Fran.
    server.transact(() => {
      for (const id of ids) {
        createFeature(server, { id, title: id, jobSize: 3 }, priya);
        featuresMap(server).get(id)!.set('updatedBy', 'p-fran');
      }
    });
    expect(seen).toEqual(['p-priya', null, 'p-fran']);
  });

  it('a changed value credits the updatedBy the change wrote; an edit that names nobody credits nobody, not the last editor', () => {
    const [server, browser] = pair();
    const seen = authorsSeen(browser);
    createFeature(server, { id: 'F-1', title: 'Checkout' }, { participantId: 'p-priya', now: 1 });
    updateFeature(server, 'F-1', { jobSize: 5 }, { participantId: 'p-priya', now: 2 });
    updateFeature(server, 'F-1', { jobSize: 3 }, { participantId: 'p-fran', now: 3 });
    updateFeature(server, 'F-1', { title: 'Checkout v2' });
    expect(seen).toEqual(['p-priya', 'p-priya', 'p-fran', null]);
  });
});

describe('restores and reverts in Recent changes', () => {
  it('say what the facilitator did, with the note when there is one', () => {
    const fran = { participantId: 'P-fran', name: 'Fran' };
    expect(recoveryText({ kind: 'restored', by: fran, toSeq: 12, note: ' wrong import ', at: 1 })).toBe('restored the board to update 12 — “wrong import”');
    expect(recoveryText({ kind: 'reverted', by: fran, target: { participantId: 'P-pat', name: 'Pat' }, sinceSeq: 3, note: '', at: 1 }))
      .toBe("reverted Pat's changes since update 3");
  });
});

describe('acceptedRoundText: an accepted round in Recent changes', () => {
  const round = (votes: number) => ({ kind: 'feature' as const, result: { votes: Array.from({ length: votes }, () => ({})) } as never });
  it('says the votes and each value it changed, on the feature', () => {
    expect(acceptedRoundText(round(4), [change('F-1', 'userBusinessValue', 13, 5)], titleOf)).toBe('accepted round (4 votes): BV 13 → 5 on Faster checkout');
    expect(acceptedRoundText(round(1), [change('F-1', 'jobSize', null, 3)], titleOf)).toBe('accepted round (1 vote): JS – → 3 on Faster checkout');
  });
  it('a column round names each feature; an accept that changed nothing says so', () => {
    expect(acceptedRoundText({ ...round(3), kind: 'column' }, [change('F-1', 'jobSize', 3, 5), change('F-2', 'jobSize', 8, 5)], titleOf))
      .toBe('accepted round (3 votes): JS 3 → 5 on Faster checkout, JS 8 → 5 on Pasted two');
    expect(acceptedRoundText(round(2), [], titleOf)).toBe('accepted round (2 votes): no value changed');
  });

  it('a placement on the planning board says where the feature went, by the iteration\'s name', () => {
    const names = new Map([['I1', 'Iteration 1'], ['I2', 'Iteration 2']]);
    const name = (id: string) => names.get(id) ?? id;
    const title = (id: string) => (id === 'F-1' ? 'Checkout' : id);
    const moved = (from: unknown, to: unknown) => [{ kind: 'changed' as const, featureId: 'F-1', field: 'iteration', from, to }];
    expect(describeEvents(moved(null, 'I2'), title, name)).toBe('planned Checkout in Iteration 2');
    expect(describeEvents(moved('I1', 'I2'), title, name)).toBe('moved Checkout from Iteration 1 to Iteration 2');
    expect(describeEvents(moved('I2', null), title, name)).toBe('took Checkout off the plan (was Iteration 2)');
    expect(describeEvents([...moved(null, 'I1'), { kind: 'changed', featureId: 'F-1', field: 'team', from: 'A', to: 'B' }], title, name)).toBe('planned Checkout in Iteration 1');
  });
});
