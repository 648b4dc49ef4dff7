/**
 * Runs Debian's python3 (with python3-nibabel / python3-pydicom) as an
 * independent decoder in tests. /usr/bin/python3 is preferred over a python3
 * on PATH (a pyenv one lacks the Debian packages).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Runs `script` with `args`; returns stdout parsed as JSON. */
export function pythonJson<T = unknown>(script: string, ...args: string[]): T {
  const out = execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as T;
}

/** The folder of pydicom's bundled test files (Debian python3-pydicom). */
export function pydicomTestFiles(): string {
  return pythonJson<string>(
    'import json, pydicom.data, os; print(json.dumps(os.path.dirname(pydicom.data.get_testdata_file("MR_small.dcm"))))',
  );
}
