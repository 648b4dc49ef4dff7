/**
 * The browser bundle a viewer-like consumer gets for `dice` + `hausdorff` +
 * summary parsing from `@cuts/eval/metrics` stays ≤ 60 kB minified (it was
 * 456 kB when summary.json was validated with full zod). esbuild bundles this
 * package's metrics entry from source and `@cuts/core` as installed (its
 * built `dist/`), for the browser platform (a Node built-in anywhere in the
 * graph fails the build); the bundle is then loaded and used.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_BYTES = 60_000;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cuts-eval-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function bundleMetrics(names: string[] | 'all'): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    stdin: {
      contents:
        names === 'all'
          ? `export * from './src/metrics.ts';`
          : `export { ${names.join(', ')} } from './src/metrics.ts';`,
      resolveDir: packageDir,
      sourcefile: 'consumer.ts',
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // Modules that contribute bytes (parsed but tree-shaken ones are left out).
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([f]) => f);
  return { code: result.outputFiles[0].text, inputs };
}

describe('@cuts/eval/metrics browser bundle', () => {
  it(`dice + hausdorff + parseSummary minify to ≤ ${LIMIT_BYTES / 1000} kB and work`, async () => {
    const { code, inputs } = await bundleMetrics(['dice', 'hausdorff', 'parseSummary']);
    const bytes = Buffer.byteLength(code);
    console.log(`@cuts/eval/metrics bundle (dice, hausdorff, parseSummary): ${bytes} bytes minified`);
    expect(bytes).toBeLessThanOrEqual(LIMIT_BYTES);
    // Full zod (classic API, every locale) is what made it 456 kB.
    expect(inputs.filter((f) => /zod[\\/](v4[\\/])?(classic|locales[\\/](?!en\.))/.test(f))).toEqual([]);

    const file = path.join(scratch, 'metrics-bundle.mjs');
    writeFileSync(file, code);
    const m = (await import(pathToFileURL(file).href)) as {
      dice: (p: unknown, g: unknown) => number;
      hausdorff: (p: unknown, g: unknown) => number;
      parseSummary: (json: unknown, source?: string) => unknown;
    };
    const mask = (bits: number[]) => ({ height: 2, width: 2, data: Uint8Array.from(bits) });
    expect(m.dice(mask([1, 1, 0, 0]), mask([1, 0, 0, 0]))).toBeCloseTo(2 / 3, 10);
    expect(m.hausdorff(mask([1, 0, 0, 0]), mask([0, 0, 0, 1]))).toBeCloseTo(Math.SQRT2, 12);
    const summary = {
      dataset: 'd',
      images: 0,
      backend: 'wasm',
      seed: 1,
      timings_s: { train: 0, embed: 0, cluster: 0, eval: 0 },
      metrics: {},
    };
    expect(m.parseSummary(summary)).toEqual(summary);
    expect(() => m.parseSummary({ ...summary, images: 1.5 }, 'x.json')).toThrow(
      /^x\.json: not a valid summary\n {2}images: Invalid input: expected int, received number$/,
    );
  });

  it('the limit is a real constraint: all of the metrics entry bundles bigger than the three names', async () => {
    const small = await bundleMetrics(['dice', 'hausdorff', 'parseSummary']);
    const all = await bundleMetrics('all');
    expect(Buffer.byteLength(all.code)).toBeGreaterThan(Buffer.byteLength(small.code));
  });
});
