import { request as httpRequest } from 'node:http';
import { createRoom, joinRoom, type CreatedRoom, type Participant, type Role } from './server';

// Plain HTTP calls against a running server, returning what a client would see.

export interface ApiAnswer {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface ApiRequest {
  method?: string;
  token?: string | null;
  /** Sent as JSON unless `contentType` says otherwise (then it must be a string). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function api(url: string, path: string, request: ApiRequest = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['content-type'] = request.contentType ?? 'application/json';
    body = typeof request.body === 'string' && request.contentType ? request.body : JSON.stringify(request.body);
  }
  const res = await fetch(`${url}${path}`, { method: request.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

/**
 * POSTs a large body with node:http and reads the answer even when the server answers (413) and closes
 * before the whole body is written, which makes fetch fail with EPIPE instead.
 */
export async function postLarge(url: string, path: string, body: string, contentType: string, token: string | null = null): Promise<ApiAnswer> {
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise<ApiAnswer>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text, json });
      });
      res.on('error', reject);
    });
    let answered = false;
    req.on('response', () => { answered = true; });
    req.on('error', (error) => {
      // A reset after the answer arrived is the server refusing the rest of the body; anything else fails.
      if (!answered) setTimeout(() => { if (!answered) reject(error); }, 500);
    });
    req.end(body);
  });
}

/** What a stack trace or an internal path looks like in an answer body. */
const STACK_PATTERNS = [/\n\s+at\s/, /\bat [\w.<>$]+ \(.*:\d+:\d+\)/, /node_modules/, /\/src\/[\w/-]+\.ts/, /"stack"/];

export function looksLikeStackTrace(text: string): boolean {
  return STACK_PATTERNS.some((pattern) => pattern.test(text));
}

/** Why an error answer breaks the contract's `{error, message}` shape, or null when it does not. */
export function errorShapeProblem(answer: ApiAnswer): string | null {
  const body = answer.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return `body is not a JSON object: ${answer.text.slice(0, 200)}`;
  if (typeof body.error !== 'string' || body.error.length === 0) return `no string "error": ${answer.text.slice(0, 200)}`;
  if (typeof body.message !== 'string' || body.message.length === 0) return `no string "message": ${answer.text.slice(0, 200)}`;
  if (looksLikeStackTrace(answer.text)) return `stack trace in body: ${answer.text.slice(0, 400)}`;
  return null;
}

export interface RoomWithPeople extends CreatedRoom {
  people: Record<string, Participant & { name: string }>;
}

/** Creates a room and joins one participant per `name: role` entry. */
export async function roomWith(url: string, people: Record<string, Role>, title = 'PI 26.1 planning'): Promise<RoomWithPeople> {
  const room = await createRoom(url, title);
  const joined: RoomWithPeople['people'] = {};
  for (const [name, role] of Object.entries(people)) {
    joined[name] = { ...(await joinRoom(url, room.roomId, room.invites[role], name)), name };
  }
  return { ...room, people: joined };
}

/** One Prometheus sample: metric name, labels as written, value. */
export interface MetricSample { name: string; labels: string; value: number }

export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m) samples.push({ name: m[1] as string, labels: m[2] ?? '', value: Number(m[3]) });
  }
  return samples;
}

export async function fetchMetrics(url: string): Promise<MetricSample[]> {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}

/** Sum of the samples whose name and labels match. */
export function sumMetric(samples: readonly MetricSample[], name: RegExp, labels: RegExp = /.*/): number {
  return samples.filter((s) => name.test(s.name) && labels.test(s.labels)).reduce((sum, s) => sum + s.value, 0);
}

/** The participant joined under `name`; throws when there is none. */
export function member(room: RoomWithPeople, name: string): Participant & { name: string } {
  const person = room.people[name];
  if (!person) throw new Error(`nobody named ${name} joined room ${room.roomId}`);
  return person;
}

/** The highest seq among a room's history events (0 when it has none yet). */
export async function latestHistorySeq(url: string, roomId: string, token: string): Promise<number> {
  const answer = await api(url, `/api/rooms/${roomId}/history`, { token });
  return Math.max(0, ...(answer.json as { events: { seq: number }[] }).events.map((e) => e.seq));
}

/**
 * POSTs to one room's API as a test's participant would (`/api/rooms/<roomId><path>`), and fails unless the answer is
 * a success; gives its JSON (a round's id, a note's id).
 */
export function roomPoster(url: string, roomId: string): (path: string, token: string, body?: unknown) => Promise<{ roundId?: string; id?: string }> {
  return async (path, token, body) => {
    const answer = await api(url, `/api/rooms/${roomId}${path}`, { method: 'POST', token, ...(body === undefined ? {} : { body }) });
    if (answer.status >= 300) throw new Error(`POST ${path} answered ${answer.status}: ${answer.text}`);
    return answer.json as { roundId?: string; id?: string };
  };
}
