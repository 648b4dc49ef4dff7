/**
 * No absolute path leaves the server: text files of a run (config.json,
 * summary.json, report.md, metrics.csv…) can name the run folder, the data
 * folder or the user's home. Served copies have them rewritten: the run
 * folder becomes `.`, the data folder and any other absolute path in a JSON
 * string its last component, the home folder `~`.
 */
import os from 'node:os';
import path from 'node:path';

/** Extensions served through redaction (small text files). */
export const REDACTED_EXTENSIONS = new Set(['.json', '.md', '.csv', '.txt', '.yaml', '.yml']);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isAbsolutePath(s: string): boolean {
  return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\');
}

/** Rewrites known absolute prefixes in free text. `known`: absolute path → its replacement. */
export function redactText(text: string, known: ReadonlyMap<string, string>): string {
  let out = text;
  // Longest first, so /a/b/run is replaced before /a/b.
  for (const [abs, rel] of [...known].sort((a, b) => b[0].length - a[0].length)) {
    if (abs.length > 1) out = out.replace(new RegExp(`${escapeRegExp(abs)}(?=$|[/\\\\\\s"'\`),;|\\]])`, 'g'), rel);
  }
  return out;
}

/** JSON: every string that is still an absolute path after redactText becomes its last component. */
export function redactJson(value: unknown, known: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const t = redactText(value, known);
    return isAbsolutePath(t) ? path.basename(t) : t;
  }
  if (Array.isArray(value)) return value.map((v) => redactJson(v, known));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, known)]));
  }
  return value;
}

/** The prefixes to hide for one run folder: the folder itself, its data folder, the home folder. */
export function knownPaths(runDir: string, dataDir: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  const home = os.homedir();
  if (home && home !== '/') m.set(home, '~');
  if (dataDir && isAbsolutePath(dataDir)) m.set(dataDir, path.basename(dataDir));
  m.set(runDir, '.');
  return m;
}

/** The served form of a text file's contents. */
export function redactFile(file: string, text: string, known: ReadonlyMap<string, string>): string {
  if (path.extname(file).toLowerCase() === '.json') {
    try {
      return `${JSON.stringify(redactJson(JSON.parse(text), known), null, 2)}\n`;
    } catch {
      /* not JSON after all: redact as text */
    }
  }
  return redactText(text, known);
}
