import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Outcome of mapping a URL path onto a file inside a root folder. */
export type SafePathResult =
  | { ok: true; file: string; size: number }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Splits a raw (still percent-encoded) URL path into decoded segments and refuses anything
 * that could leave the root: `..`/`.` segments (literal or encoded), encoded separators,
 * NUL bytes, and dot-files. The raw path is used on purpose: WHATWG URL parsing would
 * silently normalise `..` away and hide the attempt.
 */
export function splitSafeSegments(
  rawPath: string,
): { ok: true; segments: string[] } | { ok: false; status: 400 | 403; reason: string } {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (seg === '..' || seg === '.') return { ok: false, status: 403, reason: 'path traversal refused' };
    if (seg.includes('/') || seg.includes('\\') || seg.includes('\0')) {
      return { ok: false, status: 403, reason: 'encoded separator or NUL refused' };
    }
    if (seg.startsWith('.')) return { ok: false, status: 403, reason: 'hidden files are not served' };
    segments.push(seg);
  }
  return { ok: true, segments };
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `rawPath` (URL path relative to `root`, percent-encoded) to a regular file
 * inside `root`. Symbolic links that point outside the root are refused (403);
 * missing files and directories give 404.
 */
export async function resolveInside(root: string, rawPath: string): Promise<SafePathResult> {
  const split = splitSafeSegments(rawPath);
  if (!split.ok) return split;
  if (split.segments.length === 0) return { ok: false, status: 404, reason: 'no file named' };
  const realRoot = await realpath(root);
  const joined = path.resolve(realRoot, ...split.segments);
  if (!isInside(realRoot, joined)) return { ok: false, status: 403, reason: 'path traversal refused' };
  let real: string;
  try {
    real = await realpath(joined);
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!isInside(realRoot, real)) return { ok: false, status: 403, reason: 'link leaves the served folder' };
  const info = await stat(real);
  if (!info.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  return { ok: true, file: real, size: info.size };
}
