import type { Role } from '@ladder/board-doc';

/** Distinct, readable colours for participants (cursor, avatar, attribution). */
const PALETTE = ['#e5484d', '#0e8a5f', '#3e63dd', '#d6409f', '#f76b15', '#8e4ec6', '#12a594', '#ad7f58', '#0090ff', '#7c66dc'];

export function colorOf(participantId: string): string {
  let h = 0;
  for (let i = 0; i < participantId.length; i++) h = (h * 31 + participantId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length] as string;
}

export const ROLE_LABEL: Record<Role, string> = {
  facilitator: 'Facilitator',
  product: 'Product',
  portfolio: 'Portfolio',
  observer: 'Observer',
};

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts[parts.length - 1]?.[0] ?? '') : name.slice(0, 2);
  return letters.toUpperCase() || '?';
}
