import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeFor } from './content-type.js';
import { assertRunFolder, describeRun } from './run-folder.js';
import { resolveInside } from './safe-path.js';

export interface ViewerServerOptions {
  /** The run folder written by `cuts run`. */
  runDir: string;
  /** TCP port; 0 or omitted picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (local only). */
  host?: string;
  /** Folder of the built app (index.html + assets); default: this package's dist/app. */
  appDir?: string;
}

export interface ViewerServer {
  /** e.g. http://127.0.0.1:5173/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * dist/app next to this package. The same relative path works from src/server/*.ts
 * (development) and from dist/server/*.js (built).
 */
export function defaultAppDir(): string {
  return fileURLToPath(new URL('../../dist/app/', import.meta.url));
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Everything comes from this server: nothing external can load even by mistake.
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; connect-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const isLoopback = (host: string) => LOOPBACK_NAMES.has(host) || host.startsWith('127.');

/** Host header without port; refuses DNS-rebinding style requests to a loopback-bound server. */
function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true;
  const header = req.headers.host ?? '';
  const name = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0];
  return isLoopback(name);
}

async function serveFile(req: IncomingMessage, res: ServerResponse, root: string, rawPath: string): Promise<void> {
  const found = await resolveInside(root, rawPath);
  if (!found.ok) return send(res, found.status, `${found.status}: ${found.reason}\n`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeFor(found.file),
    'Content-Length': String(found.size),
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
}

/**
 * Serves the viewer app and, read-only under /run/, the files of one run folder.
 * Rejects (CutsInputError naming the folder) when `runDir` is not a run folder, and
 * with a clear Error when the app has not been built.
 */
export async function startViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  const runDir = path.resolve(options.runDir);
  await assertRunFolder(runDir);
  const appDir = path.resolve(options.appDir ?? defaultAppDir());
  if (!existsSync(path.join(appDir, 'index.html'))) {
    throw new Error(`viewer app not built: ${appDir}/index.html is missing (run \`pnpm --filter @cuts/viewer build\`)`);
  }
  const host = options.host ?? '127.0.0.1';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req, host)) return send(res, 403, '403: unexpected Host header\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, '405: the viewer is read-only\n');
    }
    const raw = (req.url ?? '/').split(/[?#]/, 1)[0];
    if (!raw.startsWith('/')) return send(res, 400, '400: bad request target\n');
    if (raw === '/api/run') {
      const listing = await describeRun(runDir);
      return send(res, 200, JSON.stringify(listing), 'application/json; charset=utf-8');
    }
    if (raw.startsWith('/run/')) return serveFile(req, res, runDir, raw.slice('/run/'.length));
    return serveFile(req, res, appDir, raw === '/' ? 'index.html' : raw);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `500: ${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
