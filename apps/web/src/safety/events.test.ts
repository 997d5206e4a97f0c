import { describe, expect, test } from 'vitest';
import { revertResultNotice, safetyEventText } from './events';

// The history view's words for the events the server records on a restore, a revert and a refused value.

describe('safetyEventText', () => {
  test('a restore names the update it went back to, with its note', () => {
    expect(safetyEventText({ kind: 'restored', featureId: '', field: null, from: { seq: 9 }, to: { seq: 4, at: 1, note: 'undo the import' } }))
      .toEqual({ text: 'restored the board to update 4', note: 'undo the import' });
  });

  test('a revert of a participant names them, the starting update and how many changes it undid', () => {
    expect(safetyEventText({
      kind: 'reverted', featureId: '', field: null,
      from: { participantId: 'P-1', name: 'Pat', sinceSeq: 2 }, to: { note: 'wrong file', changes: 3, conflicts: 0 },
    })).toEqual({ text: "reverted Pat's changes since update 2 (3 changes)", note: 'wrong file' });
  });

  test('a conflict names the value that stayed and the one kept aside', () => {
    expect(safetyEventText({ kind: 'conflict', featureId: 'F-1', field: 'userBusinessValue', from: 3, to: 13 })?.text)
      .toBe('wrote 13 after missing a newer change: F-1 · userBusinessValue kept 3; theirs was kept aside for them to apply anyway');
    // Both people: the author is named before the line, the one whose value stayed in it.
    expect(safetyEventText({ kind: 'conflict', featureId: 'F-1', field: 'userBusinessValue', from: 3, to: 13, keptBy: { participantId: 'p-ben', name: 'Ben' } })?.text)
      .toBe('wrote 13 after missing a newer change: F-1 · userBusinessValue kept 3 (set by Ben); theirs was kept aside for them to apply anyway');
  });

  test('a stored change the room could not load says it was set aside, with the reason', () => {
    expect(safetyEventText({ kind: 'quarantined', featureId: '', field: null, from: null, to: { reason: 'nested maps' } }))
      .toEqual({ text: expect.stringMatching(/could not load; it was set aside/) as unknown as string, note: 'nested maps' });
  });

  test('a value the server refused names the feature and field, with the reason', () => {
    expect(safetyEventText({ kind: 'reverted', featureId: 'F-1', field: 'jobSize', from: 'huge', to: { value: 5, reason: 'jobSize must be a number.' } }))
      .toEqual({ text: 'wrote an invalid value, reverted by the server: F-1 · jobSize', note: 'jobSize must be a number.' });
  });

  test('other events are left to the usual wording', () => {
    expect(safetyEventText({ kind: 'changed', featureId: 'F-1', field: 'title', from: 'a', to: 'b' })).toBeNull();
  });
});

describe('revertResultNotice', () => {
  test('counts what was undone, and says what was kept for others', () => {
    expect(revertResultNotice({ changes: [1, 2], conflicts: [] })).toEqual({ tone: 'success', text: 'Reverted 2 changes.' });
    expect(revertResultNotice({ changes: [1], conflicts: [1] }))
      .toEqual({ tone: 'success', text: 'Reverted 1 change; 1 left as it is (changed since by someone else).' });
  });

  test('a revert that could undo nothing does not claim to have reverted', () => {
    expect(revertResultNotice({ changes: [], conflicts: [1, 2, 3] }))
      .toEqual({ tone: 'info', text: 'Nothing was reverted: 3 changes were changed since by someone else and left as they are.' });
  });
});
