import { BadRequestError, HttpError, NotFoundError } from '../errors';

// The estimation round errors: stable codes, the contract's status codes, messages that say what to do.

/** 409: the round is in the wrong state for this call (a vote after the reveal, an accept before it). */
export class RoundStateError extends HttpError {
  constructor(code: 'round_not_open' | 'round_not_revealed' | 'round_closed' | 'round_accepted', message: string) {
    super(409, code, message);
  }
}

export function roundNotFound(): NotFoundError {
  return new NotFoundError('There is no such estimation round in this room: check the round id, or start a round.', 'round_not_found');
}

export function offScale(key: string, value: number, scale: readonly number[]): BadRequestError {
  return new BadRequestError(`${key}: ${value} is not on this room's scale; use one of ${scale.join(', ')}.`, 'off_scale');
}

export function unknownKey(key: string, keys: readonly string[], on: 'vote' | 'accept' = 'vote'): BadRequestError {
  // On accept, name what the round estimated: "vote on" would ask for something no longer possible.
  const what = on === 'vote' ? `vote on ${keys.join(', ')}` : `this round estimated ${keys.join(', ')}`;
  return new BadRequestError(`"${key}" is not estimated in this round; ${what}.`, 'unknown_component');
}
