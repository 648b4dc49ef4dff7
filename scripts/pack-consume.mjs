#!/usr/bin/env node
/**
 * Pack-and-consume check (issue 14), run by CI after the tests on built packages
 * (`pnpm test:pack` builds first):
 *   1. `pnpm pack` every publishable workspace package; check each tarball holds
 *      what its manifest points at, a LICENSE, and no sources or source maps;
 *   2. `npm install` the tarballs into a scratch project in the system temp folder
 *      (outside the workspace; workspace dependencies come from the tarballs through
 *      `overrides`, third-party ones from the npm cache, --prefer-offline);
 *   3. import every export subpath from ESM and `require()` it from CommonJS;
 *      run the installed `cuts --version`;
 *   4. type-check a consumer .ts file with `tsc --noEmit` (no skipLibCheck), plus a
 *      browser-only file for `@cuts/eval/metrics` without @types/node;
 *   5. bundle `@cuts/eval/metrics` (dice + hausdorff) for the browser with esbuild.
 * Prints one line per check, the failures in full, and a closing
 * "Tests N passed | M failed" line; exits 1 when any check failed.
 * `--keep` keeps the scratch folder (it is kept anyway on failure).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const scratch = mkdtempSync(path.join(tmpdir(), 'cuts-pack-consume-'));
const tarballs = path.join(scratch, 'tarballs');
const consumer = path.join(scratch, 'consumer');
mkdirSync(tarballs);
mkdirSync(consumer);

const results = [];
/** Runs one named check; a thrown error is a failure with its message printed in full. */
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const note = await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}${note ? ` — ${note}` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}\n${String(err?.message ?? err).replace(/^/gm, '      ')}`);
  }
}

/** Runs a command; on a non-zero exit throws with its output. */
function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${`${r.stdout}\n${r.stderr}`.trim()}`);
  return r.stdout;
}

/** Every [subpath, target] of an exports map a consumer can load (skips "@cuts/source"-only entries). */
function loadableSubpaths(manifest) {
  const out = [];
  for (const [sub, value] of Object.entries(manifest.exports ?? { '.': manifest.main })) {
    const target = typeof value === 'string' ? value : (value.import ?? value.default);
    if (typeof target === 'string') out.push([sub, target]);
  }
  return out;
}

const workspace = JSON.parse(run('pnpm', ['ls', '-r', '--depth', '-1', '--json'], root));
const packages = workspace
  .filter((p) => !p.private && p.path !== root)
  .map((p) => ({
    name: p.name,
    dir: p.path,
    manifest: JSON.parse(readFileSync(path.join(p.path, 'package.json'), 'utf8')),
  }));
console.log(`pack-and-consume: ${packages.length} packages, scratch folder ${scratch}`);

// 1. pack
for (const pkg of packages) {
  await check(`pack ${pkg.name}`, () => {
    const before = new Set(readdirSafe(tarballs));
    run('pnpm', ['pack', '--pack-destination', tarballs], pkg.dir);
    const added = readdirSafe(tarballs).filter((f) => !before.has(f));
    if (added.length !== 1) throw new Error(`expected one new tarball, found ${added.join(', ') || 'none'}`);
    pkg.tarball = path.join(tarballs, added[0]);
    const entries = execFileSync('tar', ['-tzf', pkg.tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((e) => e.replace(/^package\//, ''));
    const problems = [];
    for (const e of entries) {
      if (e.startsWith('src/')) problems.push(`ships source file ${e}`);
      if (e.endsWith('.map')) problems.push(`ships source map ${e}`);
      if (/\.test\.(js|d\.ts)$/.test(e)) problems.push(`ships test file ${e}`);
    }
    for (const f of ['LICENSE', 'README.md', 'package.json']) if (!entries.includes(f)) problems.push(`${f} missing`);
    const wanted = [
      ...loadableSubpaths(pkg.manifest).map(([, t]) => t),
      ...Object.values(pkg.manifest.exports ?? {}).flatMap((v) => (typeof v === 'object' && v.types ? [v.types] : [])),
      ...Object.values(typeof pkg.manifest.bin === 'string' ? { b: pkg.manifest.bin } : (pkg.manifest.bin ?? {})),
    ];
    for (const t of wanted)
      if (!entries.includes(t.replace(/^\.\//, ''))) problems.push(`${t} (named in package.json) is missing`);
    const packed = JSON.parse(
      execFileSync('tar', ['-xzOf', pkg.tarball, 'package/package.json'], { encoding: 'utf8' }),
    );
    for (const [dep, range] of Object.entries(packed.dependencies ?? {}))
      if (range.startsWith('workspace:')) problems.push(`dependency ${dep} still "${range}"`);
    if (problems.length) throw new Error(problems.join('\n'));
    return `${entries.length} files`;
  });
}

function readdirSafe(dir) {
  return existsSync(dir) ? execFileSync('ls', ['-1', dir], { encoding: 'utf8' }).split('\n').filter(Boolean) : [];
}

const packed = packages.filter((p) => p.tarball);
// 2. install into a scratch project
const fileSpec = (p) => `file:${path.relative(consumer, p.tarball)}`;
const deps = Object.fromEntries(packed.map((p) => [p.name, fileSpec(p)]));
const typesNode = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies['@types/node'];
writeFileSync(
  path.join(consumer, 'package.json'),
  `${JSON.stringify({ name: 'cuts-consumer', private: true, type: 'module', dependencies: { ...deps, '@types/node': typesNode }, overrides: deps }, null, 2)}\n`,
);
let installed = false;
await check('npm install of the tarballs (--prefer-offline)', () => {
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], consumer, {
    npm_config_update_notifier: 'false',
  });
  installed = true;
});

if (installed) {
  // 3. ESM imports, CJS requires, the installed bin
  const imports = packed.flatMap((p) =>
    loadableSubpaths(p.manifest).map(([sub]) => (sub === '.' ? p.name : `${p.name}/${sub.slice(2)}`)),
  );
  writeFileSync(
    path.join(consumer, 'esm.mjs'),
    `const failures = [];\nfor (const spec of ${JSON.stringify(imports)}) {\n  try { const ns = await import(spec); if (Object.keys(ns).length === 0) failures.push(spec + ': no exports'); }\n  catch (e) { failures.push(spec + ': ' + (e?.stack ?? e)); }\n}\nif (failures.length) { console.error(failures.join('\\n')); process.exit(1); }\nconsole.log(${imports.length});\n`,
  );
  await check('import every entry from ESM', () => `${run(process.execPath, ['esm.mjs'], consumer).trim()} entries`);
  writeFileSync(
    path.join(consumer, 'cjs.cjs'),
    `const failures = [];\nfor (const spec of ${JSON.stringify(imports)}) {\n  try { const ns = require(spec); if (Object.keys(ns).length === 0) failures.push(spec + ': no exports'); }\n  catch (e) { failures.push(spec + ': ' + (e?.code ?? '') + ' ' + (e?.message ?? e)); }\n}\nif (failures.length) { console.error(failures.join('\\n')); process.exit(1); }\nconsole.log(${imports.length});\n`,
  );
  await check(
    'require every entry from CommonJS (require(esm), Node ≥ 20.19)',
    () => `${run(process.execPath, ['--no-warnings', 'cjs.cjs'], consumer).trim()} entries`,
  );
  await check('the installed `cuts` bin runs', () => {
    const out = run(
      process.execPath,
      [
        path.join(
          consumer,
          'node_modules/@cuts/cli',
          JSON.parse(readFileSync(path.join(consumer, 'node_modules/@cuts/cli/package.json'), 'utf8')).bin.cuts,
        ),
        '--version',
      ],
      consumer,
    );
    if (!/\d+\.\d+\.\d+/.test(out)) throw new Error(`cuts --version printed ${JSON.stringify(out)}`);
    if (!existsSync(path.join(consumer, 'node_modules/@cuts/viewer/dist/app/index.html')))
      throw new Error('@cuts/viewer ships no dist/app/index.html (cuts view would fail)');
    return out.trim();
  });

  // 4. type-check consumers without skipLibCheck
  const named = imports.map((spec, i) => `import * as m${i} from '${spec}';`).join('\n');
  writeFileSync(
    path.join(consumer, 'consumer.ts'),
    `${named}\nimport { dice, hausdorff } from '@cuts/eval/metrics';\nexport const all: object[] = [${imports.map((_, i) => `m${i}`).join(', ')}];\nexport const metrics: [typeof dice, typeof hausdorff] = [dice, hausdorff];\n`,
  );
  writeFileSync(
    path.join(consumer, 'browser.ts'),
    `import { dice, hausdorff } from '@cuts/eval/metrics';\nexport const metrics: [typeof dice, typeof hausdorff] = [dice, hausdorff];\n`,
  );
  const tsconfig = (files, extra) => ({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      ...extra,
    },
    files,
  });
  // tfjs-core's own .d.ts name DOM types (ImageData, WebGLTexture…), so a consumer of the
  // tensor packages needs lib DOM; @types/* are left to TypeScript's default (all installed).
  writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify(tsconfig(['consumer.ts'], { lib: ['ES2022', 'DOM'] })),
  );
  writeFileSync(
    path.join(consumer, 'tsconfig.browser.json'),
    JSON.stringify(tsconfig(['browser.ts'], { lib: ['ES2022', 'DOM'], types: [] })),
  );
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  await check(
    'tsc --noEmit on a Node consumer of every entry (skipLibCheck off)',
    () => void run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer),
  );
  await check(
    'tsc --noEmit on a browser consumer of @cuts/eval/metrics (no @types/node)',
    () => void run(process.execPath, [tsc, '-p', 'tsconfig.browser.json'], consumer),
  );

  // 5. browser bundle of the metrics entry
  await check('esbuild: @cuts/eval/metrics (dice + hausdorff) bundles for the browser', async () => {
    writeFileSync(
      path.join(consumer, 'bundle-entry.mjs'),
      `import { dice, hausdorff } from '@cuts/eval/metrics';\nglobalThis.cuts = { dice, hausdorff };\n`,
    );
    const r = await esbuild.build({
      entryPoints: [path.join(consumer, 'bundle-entry.mjs')],
      absWorkingDir: consumer,
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    return `${(r.outputFiles[0].contents.length / 1024).toFixed(1)} kB minified`;
  });
}

const failed = results.filter((r) => !r.ok).length;
const passed = results.length - failed;
if (failed === 0 && !keep) rmSync(scratch, { recursive: true, force: true });
else console.log(`scratch folder kept: ${scratch}`);
console.log(`pack-and-consume: Tests ${failed ? `${failed} failed | ` : ''}${passed} passed (${results.length})`);
process.exit(failed ? 1 : 0);
