/**
 * Declared Node ranges are true (issue 14): every publishable package's
 * `engines.node` must lie inside the `engines.node` of every production
 * dependency it installs (transitively, as installed here), and the lowest
 * version of the root range — the one CI runs on — must satisfy every dev tool.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { type Manifest, readJson, repoRoot, rootManifest, workspacePackages } from './manifests-workspace.js';

interface Installed {
  dir: string;
  manifest: Manifest;
}

/** The installed package `name` as Node would resolve it from `fromDir` (node_modules walk-up). */
function resolveInstalled(fromDir: string, name: string): Installed | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) {
      const real = realpathSync(path.dirname(file));
      return { dir: real, manifest: readJson<Manifest>(path.join(real, 'package.json')) };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The installed closure of `fields` of the package in `dir`, then of `dependencies`
 * and `optionalDependencies` below it (an optional dependency not installed for this
 * platform is skipped; a missing required one is an error).
 */
function closure(dir: string, fields: Array<keyof Manifest>): Installed[] {
  const seen = new Map<string, Installed>();
  const visit = (from: string, manifest: Manifest, keys: Array<keyof Manifest>): void => {
    const optional = new Set(Object.keys(manifest.optionalDependencies ?? {}));
    for (const key of keys) {
      for (const name of Object.keys((manifest[key] as Record<string, string> | undefined) ?? {})) {
        const dep = resolveInstalled(from, name);
        if (!dep) {
          if (optional.has(name)) continue;
          throw new Error(`${manifest.name}: dependency ${name} is not installed (run pnpm install)`);
        }
        if (seen.has(dep.dir)) continue;
        seen.set(dep.dir, dep);
        visit(dep.dir, dep.manifest, ['dependencies', 'optionalDependencies']);
      }
    }
  };
  visit(realpathSync(dir), readJson<Manifest>(path.join(dir, 'package.json')), fields);
  return [...seen.values()];
}

const root = rootManifest();
const rootRange = root.engines?.node ?? '';
const lowest = semver.minVersion(rootRange)?.version ?? '';
const packages = workspacePackages();

describe('engines.node is true', () => {
  it('the root range is valid, starts at a Node 20 LTS release and allows Node 22', () => {
    expect(semver.validRange(rootRange)).not.toBeNull();
    expect(semver.major(lowest)).toBe(20);
    expect(semver.satisfies('22.12.0', rootRange)).toBe(true);
  });

  it.each(packages.filter((p) => !p.manifest.private).map((p) => [p.manifest.name, p] as const))(
    "%s: its range lies inside every installed production dependency's range",
    (_name, pkg) => {
      const range = pkg.manifest.engines?.node ?? '';
      expect(semver.validRange(range), `${pkg.dir}: engines.node "${range}"`).not.toBeNull();
      const deps = closure(pkg.abs, ['dependencies', 'optionalDependencies']);
      expect(deps.length).toBeGreaterThan(0);
      const wrong = deps
        .filter(
          (d) =>
            d.manifest.engines?.node && !semver.subset(range, d.manifest.engines.node, { includePrerelease: false }),
        )
        .map((d) => `${d.manifest.name}@${d.manifest.version} needs node ${d.manifest.engines?.node}`);
      expect(wrong, `${pkg.dir} declares node "${range}"`).toEqual([]);
    },
  );

  it(`the lowest declared Node (${lowest}) satisfies every dev tool the workspace installs`, () => {
    const seen = new Map<string, Installed>();
    for (const dir of [repoRoot, ...packages.map((p) => p.abs)]) {
      for (const d of closure(dir, ['dependencies', 'devDependencies', 'optionalDependencies'])) seen.set(d.dir, d);
    }
    const wrong = [...seen.values()]
      .filter((d) => d.manifest.engines?.node && !semver.satisfies(lowest, d.manifest.engines.node))
      .map((d) => `${d.manifest.name}@${d.manifest.version} needs node ${d.manifest.engines?.node}`);
    expect(wrong).toEqual([]);
  });

  it.runIf(process.env.CUTS_CI_LOWEST_NODE === '1')('CI runs on the lowest declared Node', () => {
    expect(process.versions.node).toBe(lowest);
  });

  it('the check catches a dependency that needs a newer Node', () => {
    expect(semver.subset('^20.19.0 || >=22.12.0', '>=22.12.0')).toBe(false); // commander 15's range
    expect(semver.subset('^20.19.0 || >=22.12.0', '>=20.9.0')).toBe(true); // sharp 0.35's range
  });
});
