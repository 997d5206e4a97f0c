import type { Component } from '@ladder/wsjf';

export type Role = 'facilitator' | 'product' | 'portfolio' | 'observer';
export const ROLES: readonly Role[] = ['facilitator', 'product', 'portfolio', 'observer'];
/** Roles whose document updates the server applies. */
export const WRITER_ROLES: readonly Role[] = ['facilitator', 'product', 'portfolio'];

/** A backlog feature as every reader sees it: sanitised, never NaN, estimates null when missing or invalid. */
export interface Feature {
  id: string;
  title: string;
  description: string;
  team: string;
  theme: string;
  userBusinessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  jobSize: number | null;
  createdAt: number;
  createdBy: string;
  /** CD3: cost of delay in money per week (optional). */
  costPerWeek: number | null;
  /** CD3: duration in weeks (optional). */
  durationWeeks: number | null;
  /** Committed for the planning interval. */
  committed: boolean;
}

export type FeatureInput = Partial<Omit<Feature, 'createdAt' | 'createdBy'>> & { title: string };
export type FeaturePatch = Partial<Omit<Feature, 'id' | 'createdAt' | 'createdBy'>>;

/** A value in the document that a reader had to ignore (written by a buggy or hostile client). */
export interface FeatureIssue {
  featureId: string;
  field: string;
  value: unknown;
  reason: string;
}

export interface RoomMeta {
  title: string;
  scale: number[];
  /** Capacity of the planning interval in job-size points; null when not set. */
  capacity: number | null;
}

export type EstimateField = Component;
