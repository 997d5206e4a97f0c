import { COMPONENT_LABEL } from '../room/labels';

/** A feature field as the history names it. */
export function fieldLabel(field: string | null): string {
  if (field === null) return 'the feature';
  return (COMPONENT_LABEL as Record<string, string>)[field]?.toLowerCase() ?? field;
}
