import type { Round } from '@ladder/board-doc';
import type { Component } from '@ladder/wsjf';
import { COMPONENT_LABEL } from '../room/labels';
import type { RoomSnapshot } from '../room/model';

/** Label of a vote key: the component (feature round) or the feature's title (column round). */
export function keyLabel(round: Round, key: string, snapshot: RoomSnapshot): string {
  if (round.kind === 'column') return snapshot.byId.get(key)?.title ?? key;
  return COMPONENT_LABEL[key as Component] ?? key;
}
