// Every close code the sync endpoint sends, with the reason it gives. 4400–4499: a retry cannot fix it, so the
// stock y-websocket client stops reconnecting. Other codes make it reconnect (restart, overload, rate limit).

export const CLOSE = {
  /** A frame that does not decode as a y-websocket message. */
  BAD_FRAME: 4400,
  /** No token, or a token that is not a genuine participant token. */
  UNAUTHORIZED: 4401,
  /** A genuine token for another room. */
  FORBIDDEN: 4403,
  /** The room does not exist. */
  ROOM_NOT_FOUND: 4404,
  /** The facilitator removed this participant from the room: their token no longer works (HTTP's 410 Gone). */
  REVOKED: 4410,
  /** An outer message type no y-websocket peer sends. */
  UNKNOWN_MESSAGE: 4406,
  /** A frame larger than the configured limit. */
  FRAME_TOO_LARGE: 4413,
  /** A document update that Yjs refuses. */
  BAD_UPDATE: 4422,
  /** Repeated changes the server had to revert (values that break the board's rules). */
  INVALID_CHANGES: 4409,
  /** Too many messages from one connection or participant: reconnect later, more slowly. */
  RATE_LIMITED: 4529,
  /** The client reads too slowly (its send buffer is full): reconnect. */
  TRY_AGAIN_LATER: 1013,
  /** The server is shutting down or restarting: reconnect. */
  SERVICE_RESTART: 1012,
  /** Something went wrong on the server's side: reconnect. */
  INTERNAL_ERROR: 1011,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** The name of a close code, for metrics labels and logs. */
export function closeName(code: number): string {
  for (const [name, value] of Object.entries(CLOSE)) if (value === code) return name.toLowerCase();
  return String(code);
}
