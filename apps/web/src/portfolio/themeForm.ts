import { BoardDocError } from '@ladder/board-doc';

/** A percent field of the theme form as a share (0–1), or undefined when left empty. */
export const shareOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text) / 100);

/**
 * What is wrong with the guardrails as typed, in the form's own words (its "min %" and "max %" fields), or null.
 * Checked before the theme is written, so the person never sees the document's field names.
 */
export function themeFormProblem(min: string, max: string): string | null {
  for (const [text, label] of [[min, 'minimum share (min %)'], [max, 'maximum share (max %)']] as const) {
    if (text.trim() === '') continue;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || n > 100) return `The ${label} must be a number from 0 to 100.`;
  }
  const lo = shareOf(min);
  const hi = shareOf(max);
  if (lo !== undefined && hi !== undefined && lo > hi) return 'The minimum share (min %) must not be above the maximum share (max %).';
  return null;
}

/** A refused theme: the document's own message (worded for people), or a general one for anything else. */
export function themeErrorText(err: unknown): string {
  return err instanceof BoardDocError ? err.message : 'The theme could not be saved.';
}

/** "min 20 % · max 40 %", or "no guardrails". */
export function guardrailText(minShare: number | undefined, maxShare: number | undefined): string {
  const parts = [
    ...(minShare !== undefined ? [`min ${Math.round(minShare * 100)} %`] : []),
    ...(maxShare !== undefined ? [`max ${Math.round(maxShare * 100)} %`] : []),
  ];
  return parts.length > 0 ? parts.join(' · ') : 'no guardrails';
}
