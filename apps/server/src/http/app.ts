import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { BoardDocError } from '@ladder/board-doc';
import { accessRoutes } from '../access/routes';
import { CsvImportError } from '../csv/import';
import { BadRequestError, HttpError } from '../errors';
import { historyRoutes } from '../history/routes';
import { boardRoutes, IMPORT_BODY_LIMIT } from './board-routes';
import type { HttpDeps } from './deps';
import { roomsRoutes } from './rooms-routes';

export const BODY_LIMIT = 1024 * 1024;
const DRAIN_LIMIT = 64 * 1024 * 1024;

const NO_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ladder</title></head>
<body><h1>Ladder</h1><p>The server is running, but the web client is not built yet.
Run <code>pnpm build</code> (or <code>pnpm start</code>, which builds it) and reload this page.</p></body></html>
`;

/** What a browser gets for a page that does not exist (API clients get the JSON error). */
const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found · Ladder</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2430}a{color:#2f5bd3}</style></head>
<body><h1>Nothing here</h1><p>There is no page at this address. A room's board opens from its invite link
(<code>/r/&lt;room&gt;?invite=…</code>); to start a new session, <a href="/">create a room</a>.</p></body></html>
`;

function errorBody(error: FastifyError | Error, logger: Logger): { status: number; body: { error: string; message: string } } {
  if (error instanceof HttpError) return { status: error.status, body: { error: error.code, message: error.message } };
  if (error instanceof BoardDocError || error instanceof CsvImportError) return { status: 400, body: { error: error.code, message: error.message } };
  const status = (error as FastifyError).statusCode ?? 500;
  const code = (error as FastifyError).code;
  if (status === 413) {
    return { status, body: { error: 'payload_too_large', message: `The request body is too large: keep it under ${BODY_LIMIT / 1024 / 1024} MiB (CSV imports: ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB).` } };
  }
  if (status === 415) return { status: 400, body: { error: 'unsupported_media_type', message: 'Send JSON ("Content-Type: application/json"), or text/csv for imports.' } };
  if (status === 400 || (status > 400 && status < 500)) {
    const message = code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The request body is empty: send a JSON object.'
      : error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'The request body is not valid JSON.'
        : 'The request is not valid; check the path, query and body.';
    return { status, body: { error: status === 400 ? 'invalid_request' : 'request_error', message } };
  }
  logger.error({ err: error }, 'request failed');
  return { status: 500, body: { error: 'internal_error', message: 'Something went wrong on the server; try again in a moment.' } };
}

/** The HTTP side: API, health, metrics and the built web client. The WebSocket upgrade is attached by the caller. */
export async function buildApp(deps: HttpDeps, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger as unknown as FastifyBaseLogger, bodyLimit: BODY_LIMIT, logController: new LogController({ disableRequestLogging: true }), return503OnClosing: true,
    // Behind LADDER_TRUST_PROXY proxies, `request.ip` (the rate limits' key) is read that many hops back in
    // X-Forwarded-For; with 0, nobody's X-Forwarded-For is believed.
    trustProxy: (_address: string, hop: number) => hop < deps.trustProxy });

  // JSON bodies: an empty one is no body (`{values?}` and the like may be left out even with a JSON content type).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    // A route that reads its body as text (the CSV import) gets it as sent, whatever the content type says.
    if ((request.routeOptions.config as { textBody?: boolean } | undefined)?.textBody) {
      done(null, text);
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      // `__proto__` keys are dropped, so no later copy of the body can set an object's prototype.
      done(null, JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)));
    } catch {
      done(new BadRequestError('The request body is not valid JSON.', 'invalid_request'), undefined);
    }
  });
  // Anything else arrives as text: a CSV import sent as application/octet-stream or vnd.ms-excel is read as CSV, and
  // a JSON route given text answers 400 for its body, never 415.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = errorBody(error as FastifyError, logger);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  // A body announced as too large is read and thrown away before the 413, so the client sees the answer
  // instead of a broken pipe; past DRAIN_LIMIT the connection is cut.
  app.addHook('onRequest', (request, reply, done) => {
    const length = Number(request.headers['content-length']);
    const limit = request.routeOptions.bodyLimit ?? BODY_LIMIT;
    if (!(length > limit)) return done();
    const raw = request.raw;
    let seen = 0;
    raw.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT) raw.destroy();
    });
    raw.on('error', () => raw.destroy());
    raw.on('end', () => {
      const { status, body } = errorBody(Object.assign(new Error('too large'), { statusCode: 413 }), logger);
      void reply.code(status).type('application/json; charset=utf-8').send(body);
    });
  });
  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpRequests.inc({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });

  app.get('/healthz', async (_request, reply) => {
    const report = deps.health ? await deps.health() : { ok: true };
    return reply.code(report.ok ? 200 : 503).send(report);
  });
  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
  roomsRoutes(app, deps);
  accessRoutes(app, deps);
  boardRoutes(app, deps);
  historyRoutes(app, deps);

  const index = join(deps.webDir, 'index.html');
  const hasBuild = () => existsSync(index);
  if (existsSync(deps.webDir)) {
    // The page and the offline app shell's service worker are checked for a new build on every visit, never kept as
    // they are (hashed assets may be). Set here, after the static plugin's own headers, for the page served as `/`
    // and as the `/r/:roomId` fallback alike.
    const revalidated = new Set([resolve(deps.webDir, 'index.html'), resolve(deps.webDir, 'sw.js')]);
    await app.register(fastifyStatic, {
      root: deps.webDir, wildcard: true, index: ['index.html'],
      setHeaders: (reply, path) => { if (revalidated.has(resolve(path))) reply.header('cache-control', 'no-cache'); },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' || request.method === 'HEAD') {
      const isPage = path === '/' || /^\/r\/[^/]+\/?$/.test(path);
      if (isPage && hasBuild()) return reply.sendFile('index.html');
      if (path === '/') return reply.type('text/html; charset=utf-8').send(NO_BUILD_PAGE);
      const wantsPage = !path.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
      if (wantsPage) return reply.code(404).type('text/html; charset=utf-8').send(NOT_FOUND_PAGE);
    }
    return reply.code(404).send({ error: 'not_found', message: `There is nothing at this path for ${request.method}; see docs/api.md (HTTP API).` });
  });
  return app;
}
