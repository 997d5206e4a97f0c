import { useEffect, useState } from 'react';
import { perspectivesOf, readRounds, roundsMap, type Perspective } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';

/**
 * The product-role and portfolio-role estimates of every revealed round in the room, biggest gap first. Read from the
 * document's rounds (kept after the reveal, the accept and the close), so the view outlives the reveal itself.
 */
export function usePerspectives(model: RoomModel): Perspective[] {
  const [list, setList] = useState<Perspective[]>(() => perspectivesOf(readRounds(model.doc)));
  useEffect(() => {
    const rounds = roundsMap(model.doc);
    let frame = 0;
    const read = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setList(perspectivesOf(readRounds(model.doc))));
    };
    read();
    rounds.observeDeep(read);
    return () => {
      cancelAnimationFrame(frame);
      rounds.unobserveDeep(read);
    };
  }, [model]);
  return list;
}
