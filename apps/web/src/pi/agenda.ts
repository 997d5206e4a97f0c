import { SAFE_AGENDA, type Agenda, type AgendaItem } from '@ladder/board-doc';

// The facilitator's edits of the agenda (`meta.agenda`), each a new whole agenda, and the clock's text. Pure: the time
// and new ids are handed in.

export const EMPTY_AGENDA: Agenda = { items: [], current: null, callBack: null };

export function safeAgenda(): Agenda {
  return { items: SAFE_AGENDA.map((i) => ({ ...i })), current: null, callBack: null };
}

export function addItem(agenda: Agenda, item: AgendaItem): Agenda {
  return { ...agenda, items: [...agenda.items, item] };
}

/** Removes an item; the running item removed stops the clock. */
export function removeItem(agenda: Agenda, id: string): Agenda {
  return { ...agenda, items: agenda.items.filter((i) => i.id !== id), current: agenda.current?.itemId === id ? null : agenda.current };
}

/** Moves an item up (-1) or down (+1); at an end it stays. */
export function moveItem(agenda: Agenda, id: string, by: -1 | 1): Agenda {
  const at = agenda.items.findIndex((i) => i.id === id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= agenda.items.length) return agenda;
  const items = [...agenda.items];
  [items[at], items[to]] = [items[to] as AgendaItem, items[at] as AgendaItem];
  return { ...agenda, items };
}

export function editItem(agenda: Agenda, id: string, patch: Partial<Pick<AgendaItem, 'title' | 'minutes'>>): Agenda {
  return { ...agenda, items: agenda.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) };
}

/** Starts an item now (the one running before stops); null stops the clock. */
export function startItem(agenda: Agenda, id: string | null, now: number): Agenda {
  return { ...agenda, current: id === null ? null : { itemId: id, startedAt: now } };
}

/** The item after the running one, or null at the end (or with none running). */
export function nextItem(agenda: Agenda): AgendaItem | null {
  if (!agenda.current) return null;
  const at = agenda.items.findIndex((i) => i.id === agenda.current?.itemId);
  return at < 0 ? null : (agenda.items[at + 1] ?? null);
}

export function callBack(agenda: Agenda, now: number, message: string): Agenda {
  return { ...agenda, callBack: { at: now, message: message.trim().slice(0, 200) } };
}

export function clearCallBack(agenda: Agenda): Agenda {
  return { ...agenda, callBack: null };
}

/** Whole minutes of a timebox as typed, or null when it is not 1–1440. */
export function minutesOf(text: string): number | null {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= 1 && n <= 24 * 60 ? n : null;
}

/** A duration as a clock: 4:05, 1:02:03. */
export function clock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** What is left of a timebox, in words: "12:30 left", or "3:05 over" once past it. */
export function leftText(leftMs: number): string {
  return leftMs >= 0 ? `${clock(Math.ceil(leftMs / 1000) * 1000)} left` : `${clock(-leftMs)} over`;
}

/** The whole agenda's length, in minutes. */
export function totalMinutes(agenda: Agenda): number {
  return agenda.items.reduce((sum, i) => sum + i.minutes, 0);
}
