import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readRounds, roundsMap, type Round } from '@ladder/board-doc';

/** The rounds of the room's document, re-read on every change of `rounds`. */
export function useRounds(doc: Y.Doc): Round[] {
  const [rounds, setRounds] = useState<Round[]>(() => readRounds(doc));
  useEffect(() => {
    const map = roundsMap(doc);
    const update = () => setRounds(readRounds(doc));
    map.observeDeep(update);
    update();
    return () => map.unobserveDeep(update);
  }, [doc]);
  return rounds;
}
