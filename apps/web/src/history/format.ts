/** A time of day as the history shows it: 10:42:07. */
export function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A short time of day for banners: 10:42. */
export function shortClock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** A history value as text: numbers and strings as they are, empty as –, features by title. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'title' in value) return String((value as { title: unknown }).title);
  return JSON.stringify(value);
}
