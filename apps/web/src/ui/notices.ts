/** Short messages for the user (errors, confirmations, undo offers), shown by <Notices/>. */
export interface Notice {
  id: number;
  tone: 'info' | 'error' | 'success';
  text: string;
  action?: { label: string; run: () => void };
  /** ms before it goes away on its own. */
  ttl?: number;
}

let seq = 0;
let notices: Notice[] = [];
const listeners = new Set<() => void>();

function emit(): void {
  for (const fn of listeners) fn();
}

export function notify(notice: Omit<Notice, 'id'>): number {
  const id = ++seq;
  notices = [...notices.slice(-3), { ...notice, id }];
  emit();
  setTimeout(() => dismiss(id), notice.ttl ?? (notice.tone === 'error' ? 7000 : 5000));
  return id;
}

export function dismiss(id: number): void {
  if (!notices.some((n) => n.id === id)) return;
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function subscribeNotices(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function getNotices(): Notice[] {
  return notices;
}
