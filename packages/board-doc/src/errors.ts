export type BoardDocErrorCode = 'invalid_value' | 'off_scale' | 'not_found' | 'duplicate_id' | 'too_long';

/** A write the document refuses; `code` is stable, the message says what to do. */
export class BoardDocError extends Error {
  readonly code: BoardDocErrorCode;
  readonly field: string | null;

  constructor(code: BoardDocErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'BoardDocError';
    this.code = code;
    this.field = field;
  }
}
