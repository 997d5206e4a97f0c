// Errors the HTTP API answers with: a stable code, a status, and a message that says what to do.

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, code = 'invalid_request') {
    super(400, code, message);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'Send a valid participant token as "Authorization: Bearer <token>"; join the room to get one.', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, code: string) {
    super(409, code, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string, code = 'not_found') {
    super(404, code, message);
  }
}

/** Configuration that cannot work; main.ts prints the message and exits 1. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
