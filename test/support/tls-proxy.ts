import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// An https front for a test's Ladder server, as a production deployment has one (nginx, a load balancer): TLS ends
// here and every request and WebSocket upgrade goes on to the server over plain HTTP.

export interface TlsProxy {
  port: number;
  close(): Promise<void>;
}

/** A self-signed certificate for `host`, made with the openssl command-line tool (a fresh one per run). */
export function selfSignedCertificate(host: string): { key: Buffer; cert: Buffer } {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('the https tests need the openssl command-line tool to make a test certificate: install openssl (e.g. apt-get install openssl)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'ladder-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Listens over https on 127.0.0.1 (any free port) and passes everything on to the HTTP server on `targetPort`. */
export async function startTlsProxy(targetPort: number, credentials: { key: Buffer; cert: Buffer }): Promise<TlsProxy> {
  const upgraded = new Set<Socket>();
  const server: Server = createServer(credentials, (req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    const upstream = connect(targetPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    for (const s of [socket, upstream]) {
      upgraded.add(s);
      s.on('error', () => { socket.destroy(); upstream.destroy(); });
      s.on('close', () => { upgraded.delete(s); socket.destroy(); upstream.destroy(); });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the TLS proxy has no port');
  return {
    port: address.port,
    async close() {
      for (const s of upgraded) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
