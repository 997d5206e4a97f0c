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
/** Each shown notice's time to live, and its running timer (none while the notices are held). */
const timers = new Map<number, { ttl: number; timer: ReturnType<typeof setTimeout> | null }>();
let held = false;

function start(id: number, ttl: number): void {
  timers.set(id, { ttl, timer: held ? null : setTimeout(() => dismiss(id), ttl) });
}

function emit(): void {
  for (const fn of listeners) fn();
}

export function notify(notice: Omit<Notice, 'id'>): number {
  const id = ++seq;
  for (const old of notices.slice(0, -3)) stop(old.id);
  notices = [...notices.slice(-3), { ...notice, id }];
  emit();
  start(id, notice.ttl ?? (notice.tone === 'error' ? 7000 : 5000));
  return id;
}

function stop(id: number): void {
  const entry = timers.get(id);
  if (entry?.timer) clearTimeout(entry.timer);
  timers.delete(id);
}

/**
 * While the pointer or the keyboard is on a notice, none goes away on its own (there is time to read one, or to reach
 * its Undo); let go, each gets its whole time again.
 */
export function holdNotices(on: boolean): void {
  if (on === held) return;
  held = on;
  for (const [id, { ttl, timer }] of timers) {
    if (timer) clearTimeout(timer);
    timers.set(id, { ttl, timer: on ? null : setTimeout(() => dismiss(id), ttl) });
  }
}

export function dismiss(id: number): void {
  stop(id);
  if (!notices.some((n) => n.id === id)) return;
  // The notice under the pointer or the keyboard may be the one going: the others run again (a next hover holds them).
  holdNotices(false);
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
