import type { Component } from './components';
import { WsjfError } from './errors';
import { idKey } from './order';
import { DEFAULT_SCALE, snapToScale, type Scale } from './scale';

export type EstimateCheck =
  | { ok: true; value: number }
  | { ok: false; code: 'not_a_number' | 'not_finite' | 'not_positive' | 'off_scale'; message: string };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}

/** [WSJF12] Checks one estimate arriving from outside. Never throws. */
export function checkEstimate(component: Component, value: unknown, scale: Scale = DEFAULT_SCALE): EstimateCheck {
  const name = typeof component === 'string' ? component : 'The estimate';
  const list = Array.isArray(scale) ? (scale as unknown[]).map(idKey).join(', ') : '';
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return { ok: false, code: 'not_a_number', message: `${name} must be a number from the scale (${list}); got ${describe(value)}.` };
  }
  if (!Number.isFinite(value)) {
    return { ok: false, code: 'not_finite', message: `${name} must be a finite number from the scale (${list}); got ${value}.` };
  }
  if (value <= 0) {
    return { ok: false, code: 'not_positive', message: `${name} must be above zero: pick a value from the scale (${list}); got ${value}.` };
  }
  if (!Array.isArray(scale) || !scale.includes(value)) {
    let hint = '';
    try {
      hint = ` The nearest scale value is ${snapToScale(value, scale)}.`;
    } catch {
      hint = '';
    }
    return { ok: false, code: 'off_scale', message: `${name} ${value} is not on the scale; pick one of ${list}.${hint}` };
  }
  return { ok: true, value };
}

/** [WSJF12] The estimate when it is valid; otherwise throws WsjfError with the check's code and message. */
export function validateEstimate(component: Component, value: unknown, scale: Scale = DEFAULT_SCALE): number {
  const check = checkEstimate(component, value, scale);
  if (!check.ok) throw new WsjfError(check.code, check.message);
  return check.value;
}
