/**
 * The stage rules of cuts-ts as one table: which workspace packages each
 * package may import. `boundaries.test.ts` checks every package.json
 * dependency and every import in every package against it; docs/architecture.md
 * explains it, and each package README's "Dependencies" section restates its row
 * (a test compares them).
 *
 * A specifier in `mayUse` / `devMayUse` is a package name (any of its public
 * entries) or one entry (`@cuts/core/browser`: that entry only).
 */

/** What a workspace package is, for the architecture overview. */
export type PackageKind = 'foundation' | 'stage' | 'contract' | 'service' | 'app' | 'tool';

export interface PackageRule {
  readonly kind: PackageKind;
  /** Workspace packages (or single entries) its runtime code and `dependencies` may use. */
  readonly mayUse: readonly string[];
  /** Extra ones for tests, test helpers and benchmarks (`devDependencies`). */
  readonly devMayUse?: readonly string[];
  /** Third-party packages it must not depend on or import (a name, or a scope ending in `/`). */
  readonly mustNotUseExternal?: readonly string[];
  /** Why: one line for docs and failure messages. */
  readonly why: string;
}

/** Entries that exist for tests and benchmarks only; runtime code must never import them. */
export const TEST_ONLY_ENTRIES: readonly string[] = [
  '@cuts/core/testing',
  '@cuts/queue/test-redis',
  '@cuts/viewer/testing',
];

export const RULES: Readonly<Record<string, PackageRule>> = {
  '@cuts/core': {
    kind: 'foundation',
    mayUse: [],
    mustNotUseExternal: ['@tensorflow/'],
    why: 'types, config, Rng, errors: everything else stands on it, so it stays light (no tensors)',
  },
  '@cuts/data': {
    kind: 'stage',
    mayUse: ['@cuts/core'],
    devMayUse: ['@cuts/core/testing'],
    why: 'reads and writes images; knows nothing of models or clusters',
  },
  '@cuts/train': {
    kind: 'stage',
    mayUse: ['@cuts/core', '@cuts/data'],
    devMayUse: ['@cuts/core/testing'],
    why: 'the model learns from sampled patches (data); tensors live here',
  },
  '@cuts/cluster': {
    kind: 'stage',
    mayUse: ['@cuts/core'],
    devMayUse: ['@cuts/core/testing', '@cuts/data'],
    why: 'takes any N × D matrix; does not know where embeddings come from (no train)',
  },
  '@cuts/eval': {
    kind: 'stage',
    mayUse: ['@cuts/core'],
    devMayUse: ['@cuts/core/testing', '@cuts/data'],
    why: 'takes label maps and masks; does not know how they were made (no train, no cluster); tests read the real masks with data',
  },
  '@cuts/baselines': {
    kind: 'stage',
    mayUse: ['@cuts/core', '@cuts/data', '@cuts/cluster'],
    devMayUse: ['@cuts/core/testing', '@cuts/eval'],
    why: 'classical segmenters on images (may reuse cluster’s k-means); scored by eval only in tests',
  },
  '@cuts/queue': {
    kind: 'service',
    mayUse: ['@cuts/core'],
    devMayUse: ['@cuts/core/testing'],
    why: 'generic job batches on Redis; the per-image handlers live in the cli',
  },
  '@cuts/run-folder': {
    kind: 'contract',
    mayUse: ['@cuts/core/browser', '@cuts/eval/metrics'],
    devMayUse: ['@cuts/core/testing'],
    why: 'the run-folder contract the cli writes and the viewer reads; browser-safe entries only',
  },
  '@cuts/cli': {
    kind: 'app',
    mayUse: [
      '@cuts/core',
      '@cuts/data',
      '@cuts/train',
      '@cuts/cluster',
      '@cuts/eval',
      '@cuts/baselines',
      '@cuts/queue',
      '@cuts/run-folder',
      '@cuts/viewer',
    ],
    devMayUse: ['@cuts/core/testing', '@cuts/queue/test-redis', '@cuts/viewer/testing'],
    why: 'thin wiring of the stages; sits on top',
  },
  '@cuts/viewer': {
    kind: 'app',
    mayUse: ['@cuts/core', '@cuts/eval/metrics', '@cuts/run-folder'],
    devMayUse: ['@cuts/core/testing'],
    why: 'shows a run folder in the browser; reads results, never computes a stage',
  },
  '@cuts/repo-checks': {
    kind: 'tool',
    mayUse: [],
    why: 'repository-wide checks (this table); imports no workspace package',
  },
};

/**
 * Files allowed a module reference computed at run time (which no static check
 * can read), each with its reason. Any other computed `import()`/`require()` fails.
 */
export const COMPUTED_IMPORTS: Readonly<Record<string, string>> = {
  'packages/train/src/backend/select.ts': 'tries the optional @tensorflow/tfjs-node(-gpu) by name',
  'packages/eval/src/bundle-size.test.ts': 'loads the browser bundle it has just built',
  'packages/cluster/bench/ab-landed.mjs': "A/B benchmark: loads another checkout's build from $LANDED",
  'packages/cluster/bench/same-maps.mjs': "A/B benchmark: loads another checkout's build from $LANDED",
  'packages/cluster/bench/stage-ab.mjs': "A/B benchmark: loads another checkout's build from $LANDED",
};

/**
 * `export *` lines still allowed in a package entry (prefix of the re-exported
 * module), each with its reason. Entries otherwise list their public names.
 */
export const EXPORT_STAR_ALLOWED: Readonly<Record<string, readonly string[]>> = {};
