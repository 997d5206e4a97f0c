import { useSyncExternalStore } from 'react';

// Which feature the edit drawer shows (opened from a card or a ranking row).
let editing: string | null = null;
const listeners = new Set<() => void>();

export function openEditor(featureId: string | null): void {
  editing = featureId;
  for (const fn of listeners) fn();
}

export function useEditing(): string | null {
  return useSyncExternalStore(
    (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
    () => editing,
  );
}
