import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeFor } from './content-type.js';
import { assertRunFolder, describeRun } from './run-folder.js';
import { resolveInside } from './safe-path.js';
import { checkAccess, exposureWarning, isLoopbackHost, newToken } from './access.js';
import { knownPaths, REDACTED_EXTENSIONS, redactFile } from './redact.js';

/** What `startViewerServer` serves, and where. */
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

/** A running viewer server: its address, and `close()` to stop it. */
export interface ViewerServer {
  /** e.g. http://127.0.0.1:5173/ (with `?token=…` when bound beyond loopback) */
  url: string;
  port: number;
  /** Set when bound beyond loopback: print it. */
  warning?: string;
  /** The access token required on every request when bound beyond loopback. */
  token?: string;
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

/** Text files above this size are not served (they are never this large in a run). */
const MAX_REDACTED_BYTES = 32 * 1024 * 1024;

async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  rawPath: string,
  known?: ReadonlyMap<string, string>,
): Promise<void> {
  const found = await resolveInside(root, rawPath);
  if (!found.ok) return send(res, found.status, `${found.status}: ${found.reason}\n`);
  if (known && REDACTED_EXTENSIONS.has(path.extname(found.file).toLowerCase())) {
    if (found.size > MAX_REDACTED_BYTES) return send(res, 413, '413: file too large to serve\n');
    const body = Buffer.from(redactFile(found.file, await readFile(found.file, 'utf8'), known), 'utf8');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(found.file),
      'Content-Length': String(body.length),
      'Cache-Control': 'no-cache',
    });
    return void res.end(req.method === 'HEAD' ? undefined : body);
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeFor(found.file),
    'Content-Length': String(found.size),
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(found.file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The run's data folder from its config.json (to hide it in served files), if readable. */
async function dataDirOf(runDir: string): Promise<string | undefined> {
  try {
    const dir = (JSON.parse(await readFile(path.join(runDir, 'config.json'), 'utf8')) as { data?: { dir?: unknown } })
      .data?.dir;
    return typeof dir === 'string' ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** An address other machines can use for a wildcard bind: the first external IPv4, else the host name. */
function externalAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return os.hostname();
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
  const token = isLoopbackHost(host) ? undefined : newToken();
  const known = knownPaths(runDir, await dataDirOf(runDir));
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const access = checkAccess(req, port, token, host);
    if (!access.ok) return send(res, access.status, `${access.status}: ${access.reason}\n`);
    if (access.setCookie) res.setHeader('Set-Cookie', access.setCookie);
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
    if (raw.startsWith('/run/')) return serveFile(req, res, runDir, raw.slice('/run/'.length), known);
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
  port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? externalAddress() : host;
  const urlHost = shown.includes(':') ? `[${shown}]` : shown;
  return {
    url: `http://${urlHost}:${port}/${token ? `?token=${token}` : ''}`,
    port,
    ...(token ? { token, warning: exposureWarning(host, port) } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
