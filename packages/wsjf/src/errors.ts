/** Stable codes of every error this package throws or reports. */
export const WSJF_ERROR_CODES = [
  'not_a_number',
  'not_finite',
  'not_positive',
  'off_scale',
  'scale_not_array',
  'scale_empty',
  'scale_not_finite',
  'scale_not_positive',
  'scale_unsorted',
  'scale_duplicate',
] as const;

export type WsjfErrorCode = (typeof WSJF_ERROR_CODES)[number];

/** A value the domain refuses; `code` is stable, the message says what to do. */
export class WsjfError extends Error {
  readonly code: WsjfErrorCode;

  constructor(code: WsjfErrorCode, message: string) {
    super(message);
    this.name = 'WsjfError';
    this.code = code;
  }
}
