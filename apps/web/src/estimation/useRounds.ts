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

/** The round the panel shows: the newest one still open or revealed, else the newest accepted one. */
export function currentRound(rounds: readonly Round[]): Round | null {
  for (let i = rounds.length - 1; i >= 0; i--) {
    const r = rounds[i] as Round;
    if (r.status === 'open' || r.status === 'revealed') return r;
  }
  for (let i = rounds.length - 1; i >= 0; i--) if ((rounds[i] as Round).status === 'accepted') return rounds[i] as Round;
  return null;
}
