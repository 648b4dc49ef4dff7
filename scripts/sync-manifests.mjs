#!/usr/bin/env node
/**
 * `node scripts/sync-manifests.mjs`: brings every publishable workspace package's
 * package.json in line with the mechanical publishing rules that
 * tools/repo-checks/src/manifests.test.ts checks (for a package added or merged
 * later): license / repository (with directory) / engines copied from the root,
 * the root LICENSE copied into the package folder and listed in "files", the
 * "development" export condition renamed "@cuts/source" (also in tsx
 * `--conditions=` scripts), a `lint` script, and `customConditions: []` in its
 * tsconfig.build.json. It prints what it changed, and what still needs a person:
 * `sideEffects` (false, or the modules with import-time effects) is never guessed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const listing = spawnSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' });
if (listing.status !== 0) throw new Error(`pnpm ls failed: ${listing.stderr}`);

/** Sets obj[key] in place when present, else inserts it after `after`. */
const placeAfter = (obj, after, key, value) => {
  if (key in obj) return { ...obj, [key]: value };
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === key) continue;
    out[k] = v;
    if (k === after) out[key] = value;
  }
  if (!(key in out)) out[key] = value;
  return out;
};

let todo = 0;
for (const p of JSON.parse(listing.stdout)) {
  if (p.private || p.path === root) continue;
  const dir = path.relative(root, p.path).split(path.sep).join('/');
  const file = path.join(p.path, 'package.json');
  const before = readFileSync(file, 'utf8');
  let m = JSON.parse(before);
  m.license = rootManifest.license;
  m = placeAfter(m, 'license', 'repository', { type: 'git', url: rootManifest.repository.url, directory: dir });
  m = placeAfter(m, 'type', 'engines', { ...m.engines, node: rootManifest.engines.node });
  if (m.exports) m.exports = JSON.parse(JSON.stringify(m.exports).replaceAll('"development"', '"@cuts/source"'));
  m.files = [...new Set([...(m.files ?? ['dist', 'README.md']), 'LICENSE'])];
  m.scripts = { ...m.scripts };
  for (const [k, v] of Object.entries(m.scripts))
    m.scripts[k] = v.replaceAll('--conditions=development', '--conditions=@cuts/source');
  m.scripts.lint ??= 'biome lint .';
  const after = `${JSON.stringify(m, null, 2)}\n`;
  if (after !== before) {
    writeFileSync(file, after);
    console.log(`${dir}/package.json: updated`);
  }
  const license = path.join(p.path, 'LICENSE');
  const rootLicense = readFileSync(path.join(root, 'LICENSE'), 'utf8');
  if (!existsSync(license) || readFileSync(license, 'utf8') !== rootLicense) {
    copyFileSync(path.join(root, 'LICENSE'), license);
    console.log(`${dir}/LICENSE: copied from the root`);
  }
  const build = path.join(p.path, 'tsconfig.build.json');
  if (existsSync(build)) {
    const text = readFileSync(build, 'utf8');
    if (!/"customConditions"\s*:\s*\[\s*\]/.test(text)) {
      const patched = text.replace(/"compilerOptions"\s*:\s*\{/, '"compilerOptions": { "customConditions": [],');
      if (patched === text) {
        console.log(`${dir}/tsconfig.build.json: TODO add "customConditions": [] to compilerOptions`);
        todo++;
      } else {
        writeFileSync(build, patched);
        console.log(`${dir}/tsconfig.build.json: customConditions reset to []`);
      }
    }
  }
  if (m.sideEffects === undefined) {
    console.log(`${dir}/package.json: TODO set "sideEffects" (false, or the modules with import-time effects)`);
    todo++;
  }
}
if (todo) process.exitCode = 1;
