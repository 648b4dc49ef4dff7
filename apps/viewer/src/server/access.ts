/**
 * Who may talk to the viewer server.
 * - Bound to loopback (the default): the Host header must be exactly
 *   `127.0.0.1:<port>`, `localhost:<port>` or `[::1]:<port>` — a DNS-rebinding
 *   page (`Host: 127.0.0.1.evil.example`, `Host: attacker.example`) is refused.
 * - Bound beyond loopback (`--host 0.0.0.0`, a LAN address): every request
 *   needs a random token, given as `?token=` in the URL the server prints (the
 *   first such request also sets it as a SameSite=Strict, HttpOnly cookie so
 *   the app's own requests carry it), and a loud warning is printed.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'cuts_viewer_token';

/** True for interfaces reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The exact Host header values a loopback-bound server answers. */
export function allowedHosts(port: number, boundHost = '127.0.0.1'): Set<string> {
  const bound = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${bound.toLowerCase()}:${port}`]);
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request carries (query `token=` or the cookie), if any. */
export function requestToken(req: IncomingMessage): { token?: string; fromQuery: boolean } {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  if (q >= 0) {
    const t = new URLSearchParams(url.slice(q + 1).split('#', 1)[0]).get('token');
    if (t) return { token: t, fromQuery: true };
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return { token: v.join('='), fromQuery: false };
  }
  return { fromQuery: false };
}

export type AccessDecision = { ok: true; setCookie?: string } | { ok: false; status: 403 | 401; reason: string };

/** Decides whether a request may be served. `token` is set when bound beyond loopback. */
export function checkAccess(
  req: IncomingMessage,
  port: number,
  token: string | undefined,
  boundHost = '127.0.0.1',
): AccessDecision {
  if (token === undefined) {
    const host = (req.headers.host ?? '').toLowerCase();
    return allowedHosts(port, boundHost).has(host)
      ? { ok: true }
      : { ok: false, status: 403, reason: 'unexpected Host header' };
  }
  const given = requestToken(req);
  if (!given.token || !same(given.token, token))
    return { ok: false, status: 401, reason: 'missing or wrong token (open the URL the viewer printed)' };
  return given.fromQuery
    ? { ok: true, setCookie: `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` }
    : { ok: true };
}

/** The warning printed when the server is reachable from other machines. */
export function exposureWarning(host: string, port: number): string {
  return [
    '!'.repeat(72),
    `WARNING: the viewer listens on ${host}:${port}, beyond this machine. Anyone who can`,
    "reach this port and has the URL (it holds a secret token) can read this run's",
    'images, masks and results. Use the default --host 127.0.0.1 unless you mean it.',
    '!'.repeat(72),
  ].join('\n');
}
