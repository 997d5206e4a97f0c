import type { Component } from '@ladder/wsjf';

export const COMPONENT_LABEL: Record<Component, string> = {
  userBusinessValue: 'Business value',
  timeCriticality: 'Time criticality',
  riskReduction: 'Risk reduction',
  jobSize: 'Job size',
};

export const COMPONENT_SHORT: Record<Component, string> = {
  userBusinessValue: 'BV',
  timeCriticality: 'TC',
  riskReduction: 'RR',
  jobSize: 'JS',
};

const FIELD_LABEL: Record<string, string> = {
  ...COMPONENT_LABEL,
  title: 'title',
  description: 'description',
  team: 'team',
  theme: 'theme',
  committed: 'commitment',
  costPerWeek: 'Cost of delay per week',
  durationWeeks: 'Duration (weeks)',
};

export function fieldLabel(field: string): string {
  return FIELD_LABEL[field] ?? field;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}
