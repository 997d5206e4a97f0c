import type * as Y from 'yjs';
import { z } from 'zod';
import { metaMap } from './keys';

// `meta.agenda`: the PI planning event's agenda, set by the facilitator (the server reverts anyone else's change):
// items with their timeboxes, the item running now and since when (every screen shows it and its remaining time),
// and a call back to the main view (every screen shows a banner until the facilitator clears it).

export const AGENDA_KEY = 'agenda';

const itemSchema = z.object({ id: z.string().min(1).max(64), title: z.string().trim().min(1).max(120), minutes: z.number().int().min(1).max(24 * 60) }).strict();
const agendaSchema = z.object({
  items: z.array(itemSchema).max(40),
  current: z.object({ itemId: z.string().min(1).max(64), startedAt: z.number().finite() }).strict().nullable(),
  callBack: z.object({ at: z.number().finite(), message: z.string().max(200) }).strict().nullable(),
}).strict();

export type AgendaItem = z.infer<typeof itemSchema>;
export type Agenda = z.infer<typeof agendaSchema>;

/** SAFe's PI planning agenda, with timeboxes that fit two days; the facilitator edits it to the event. */
export const SAFE_AGENDA: readonly AgendaItem[] = [
  { id: 'context', title: 'Business context', minutes: 60 },
  { id: 'vision', title: 'Product / solution vision', minutes: 90 },
  { id: 'breakouts-1', title: 'Team breakouts #1', minutes: 180 },
  { id: 'draft-review', title: 'Draft plan review', minutes: 60 },
  { id: 'management', title: 'Management review and problem solving', minutes: 60 },
  { id: 'breakouts-2', title: 'Team breakouts #2', minutes: 150 },
  { id: 'final-review', title: 'Final plan review', minutes: 90 },
  { id: 'roam', title: 'ART risks: ROAM', minutes: 30 },
  { id: 'confidence', title: 'Confidence vote', minutes: 15 },
  { id: 'retro', title: 'Planning retrospective', minutes: 15 },
];

/** Why a value cannot be `meta.agenda`, or null when it can (null itself: no agenda). */
export function agendaProblem(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const parsed = agendaSchema.safeParse(value);
  if (!parsed.success) return 'meta.agenda is {items: [{id, title, minutes 1–1440}] (at most 40), current: {itemId, startedAt} or null, callBack: {at, message} or null}.';
  const ids = new Set(parsed.data.items.map((i) => i.id));
  if (ids.size !== parsed.data.items.length) return 'Each agenda item needs its own id.';
  if (parsed.data.current && !ids.has(parsed.data.current.itemId)) return 'The current agenda item is not on the agenda.';
  return null;
}

export function readAgenda(doc: Y.Doc): Agenda | null {
  const value = metaMap(doc).get(AGENDA_KEY);
  return agendaProblem(value) === null && value ? agendaSchema.parse(value) : null;
}

/** Writes the whole agenda (validated), or removes it. */
export function setAgenda(doc: Y.Doc, agenda: Agenda | null): void {
  if (agenda === null) {
    metaMap(doc).delete(AGENDA_KEY);
    return;
  }
  const problem = agendaProblem(agenda);
  if (problem !== null) throw new Error(problem);
  metaMap(doc).set(AGENDA_KEY, agendaSchema.parse(agenda));
}

/** What is running: the current item, when it ends and how many ms are left at `now` (negative: over its timebox). */
export function agendaNow(agenda: Agenda | null, now: number): { item: AgendaItem; endsAt: number; leftMs: number } | null {
  if (!agenda?.current) return null;
  const item = agenda.items.find((i) => i.id === agenda.current?.itemId);
  if (!item) return null;
  const endsAt = agenda.current.startedAt + item.minutes * 60_000;
  return { item, endsAt, leftMs: endsAt - now };
}
