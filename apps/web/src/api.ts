import { z } from 'zod';
import type { Role } from '@ladder/board-doc';
import {
  createdRoomSchema, errorBodySchema, importReportSchema, inviteInfoSchema, joinedSchema, rosterSchema,
  type CreatedRoom, type ImportReport, type InviteInfo, type Joined, type RosterEntry,
} from '@ladder/wire';

// The HTTP API as the board calls it; every body and answer is a schema of `@ladder/wire`, shared with the server.
export { createdRoomSchema };
export type { CreatedRoom, ImportReport, InviteInfo, Joined, RosterEntry };

/** An error the API answered with, carrying its stable code and the message that says what to do. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}



/** Which room and role an invite opens (`GET …/invite` with the invite as the token). */
export async function inviteInfo(roomId: string, invite: string): Promise<InviteInfo> {
  return inviteInfoSchema.parse(await callWithToken(`/api/rooms/${encodeURIComponent(roomId)}/invite`, invite));
}


/** Everyone who joined the room, online or not (`GET …/participants`). */
export async function roster(roomId: string, token: string): Promise<RosterEntry[]> {
  return rosterSchema.parse(await callWithToken(`/api/rooms/${encodeURIComponent(roomId)}/participants`, token)).participants;
}


async function failure(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = errorBodySchema.parse(JSON.parse(text));
    return new ApiError(res.status, body.error, body.message);
  } catch {
    return new ApiError(res.status, 'http_' + res.status, `The server answered ${res.status}. Try again in a moment.`);
  }
}

async function postJson<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) throw await failure(res);
  return schema.parse(await res.json());
}

/**
 * A call with the participant's token: GET without a body, POST with a JSON one. The answer's JSON (null for 204);
 * an error answer or no connection throws ApiError with the server's code and message.
 */
export async function callWithToken(path: string, token: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? null : res.json();
}

/** A new room (`POST /api/rooms`), with its scale, capacity and strategic themes when given. */
export function createRoom(title: string, setup: { scale?: number[]; capacity?: number | null; themes?: string[] } = {}): Promise<CreatedRoom> {
  return postJson('/api/rooms', { title, ...setup }, createdRoomSchema);
}

/** The room's four invite links again, for its facilitator (`GET …/invites`). */
export async function inviteLinksOf(roomId: string, token: string): Promise<CreatedRoom> {
  return createdRoomSchema.parse(await callWithToken(`/api/rooms/${encodeURIComponent(roomId)}/invites`, token));
}

/** A new invite link for one role, for the facilitator: the old one stops working (`POST …/invites/:role/rotate`). */
export async function rotateInvite(roomId: string, token: string, role: Role): Promise<CreatedRoom> {
  return createdRoomSchema.parse(await callWithToken(`/api/rooms/${encodeURIComponent(roomId)}/invites/${role}/rotate`, token, {}));
}

/** Removes a participant from the room, for the facilitator: their token stops working, their board closes. */
export async function revokeParticipant(roomId: string, token: string, participantId: string): Promise<void> {
  await callWithToken(`/api/rooms/${encodeURIComponent(roomId)}/participants/${encodeURIComponent(participantId)}/revoke`, token, {});
}

export function joinRoom(roomId: string, invite: string, name: string): Promise<Joined> {
  return postJson(`/api/rooms/${encodeURIComponent(roomId)}/join`, { invite, name }, joinedSchema);
}

/** Uploads a backlog CSV; `onProgress` receives 0..1 while the body is sent. */
export function importCsv(roomId: string, token: string, csv: Blob | string, onProgress: (fraction: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/rooms/${encodeURIComponent(roomId)}/import`);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload did not reach the server. Check your connection and try again.'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status < 200 || xhr.status >= 300) {
        void failure(res).then(reject);
        return;
      }
      try {
        resolve(importReportSchema.parse(JSON.parse(xhr.responseText)));
      } catch {
        reject(new ApiError(xhr.status, 'bad_response', 'The server sent an unexpected import report.'));
      }
    };
    xhr.send(csv);
  });
}

/** The ranking as CSV, in rank order (`GET …/export.csv`). */
export async function exportCsv(roomId: string, token: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/export.csv`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached; the export needs a connection.');
  }
  if (!res.ok) throw await failure(res);
  return res.blob();
}

/** Offers a blob as a file download. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
