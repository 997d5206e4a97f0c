// The usual PI in one click: six iterations of two weeks from a start date, the last one the Innovation and Planning
// iteration. Dates are plain days (YYYY-MM-DD), counted in UTC so no time zone moves them.

export interface IterationDraft { id: string; name: string; start: string; end: string }

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `count` iterations of `weeks` weeks each from `start` (YYYY-MM-DD), back to back; the last named IP. */
export function presetIterations(start: string, makeId: () => string, count = 6, weeks = 2): IterationDraft[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(first)) throw new Error('Give the first day of the PI as a date.');
  const length = weeks * 7 * DAY;
  return Array.from({ length: count }, (_, i) => ({
    id: makeId(),
    name: i === count - 1 ? 'IP' : `Iteration ${i + 1}`,
    start: day(first + i * length),
    end: day(first + (i + 1) * length - DAY),
  }));
}

/** The next Monday on or after `now`, as YYYY-MM-DD: where a new PI usually starts. */
export function nextMonday(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const shift = (8 - d.getUTCDay()) % 7;
  return day(d.getTime() + shift * DAY);
}
