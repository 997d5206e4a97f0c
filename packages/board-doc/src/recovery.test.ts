import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { metaMap } from './keys';
import { markRecovery, readRecovery, RECOVERY_KEY } from './recovery';

describe('the last recovery mark', () => {
  it('reads back what was marked; anything else reads as none', () => {
    const doc = new Y.Doc();
    expect(readRecovery(doc)).toBeNull();
    const fran = { participantId: 'P-fran', name: 'Fran' };
    markRecovery(doc, { kind: 'restored', by: fran, toSeq: 12, note: 'wrong import', at: 5 });
    expect(readRecovery(doc)).toEqual({ kind: 'restored', by: fran, toSeq: 12, note: 'wrong import', at: 5 });
    markRecovery(doc, { kind: 'reverted', by: fran, target: { participantId: 'P-pat', name: 'Pat' }, sinceSeq: 3, note: '', at: 6 });
    expect(readRecovery(doc)).toMatchObject({ kind: 'reverted', target: { name: 'Pat' }, sinceSeq: 3 });
    for (const bad of ['restored', { kind: 'restored', by: fran, toSeq: -1, note: '', at: 1 }, { kind: 'deleted', by: fran }]) {
      metaMap(doc).set(RECOVERY_KEY, bad);
      expect(readRecovery(doc), JSON.stringify(bad)).toBeNull();
    }
    expect(() => markRecovery(doc, { kind: 'restored', by: fran, toSeq: 1.5, note: '', at: 1 })).toThrow();
  });
});
