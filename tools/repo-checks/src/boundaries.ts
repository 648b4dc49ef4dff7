/**
 * Checks a workspace against the rules table (rules.ts): package.json
 * dependencies, every module reference in every code file, package entries
 * without `export *`, and each README's "Dependencies" section.
 */
import path from 'node:path';
import ts from 'typescript';
import { moduleReferences } from './imports.js';
import { COMPUTED_IMPORTS, EXPORT_STAR_ALLOWED, RULES, TEST_ONLY_ENTRIES, type PackageRule } from './rules.js';
import type { PackageJson, SourceFile, WorkspacePackage } from './workspace.js';

export interface Violation {
  /** `dir/file:line`, `dir/package.json` or `dir/README.md`. */
  readonly where: string;
  readonly message: string;
}

/** The tables the checker applies; tests pass their own. */
export interface RuleSet {
  readonly rules: Readonly<Record<string, PackageRule>>;
  readonly testOnlyEntries: readonly string[];
  readonly computedImports: Readonly<Record<string, string>>;
  readonly exportStarAllowed: Readonly<Record<string, readonly string[]>>;
}

export const REPO_RULES: RuleSet = {
  rules: RULES,
  testOnlyEntries: TEST_ONLY_ENTRIES,
  computedImports: COMPUTED_IMPORTS,
  exportStarAllowed: EXPORT_STAR_ALLOWED,
};

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Tests, test helpers and benchmarks: everything outside src/, and *.test.*, test-utils/, e2e/ inside it. */
export function isDevFile(file: string): boolean {
  if (!file.startsWith('src/')) return true;
  return /\.test\.[cm]?[jt]sx?$/.test(file) || /\/(test-utils|e2e|__tests__)\//.test(file);
}

/** Whether `specifier` is covered by an allowed entry: a package name covers its entries, an entry only itself. */
function allowedBy(specifier: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => specifier === a || (packageOf(a) === a && specifier.startsWith(`${a}/`)));
}

function matchesExternal(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('/') ? name.startsWith(p) : name === p || name.startsWith(`${p}/`)));
}

function list(xs: readonly string[]): string {
  return xs.length ? xs.join(', ') : 'nothing from the workspace';
}

function manifestViolations(pkg: WorkspacePackage, name: string, rule: PackageRule): Violation[] {
  const out: Violation[] = [];
  const where = `${pkg.dir}/package.json`;
  const sections: [keyof PackageJson, boolean][] = [
    ['dependencies', false],
    ['peerDependencies', false],
    ['optionalDependencies', false],
    ['devDependencies', true],
  ];
  for (const [section, dev] of sections) {
    const deps = (pkg.manifest[section] ?? {}) as Record<string, string>;
    for (const dep of Object.keys(deps)) {
      if (matchesExternal(dep, rule.mustNotUseExternal ?? [])) {
        out.push({ where, message: `${section} has ${dep}, which ${name} must not use (${rule.why})` });
      }
      if (!dep.startsWith('@cuts/') || dep === name) continue;
      const allowed = dev ? [...rule.mayUse, ...(rule.devMayUse ?? [])] : rule.mayUse;
      if (!allowed.some((a) => packageOf(a) === dep)) {
        out.push({ where, message: `${section} has ${dep}; ${name} may use ${list(allowed)}` });
      }
    }
  }
  return out;
}

function declared(manifest: PackageJson, dep: string, dev: boolean): boolean {
  const sections = [
    manifest.dependencies,
    manifest.peerDependencies,
    manifest.optionalDependencies,
    ...(dev ? [manifest.devDependencies] : []),
  ];
  return sections.some((s) => s !== undefined && dep in s);
}

function fileViolations(
  pkg: WorkspacePackage,
  name: string,
  rule: PackageRule,
  file: SourceFile,
  set: RuleSet,
): Violation[] {
  const out: Violation[] = [];
  const dev = isDevFile(file.path);
  const fullPath = `${pkg.dir}/${file.path}`;
  for (const ref of moduleReferences(file.path, file.text)) {
    const where = `${fullPath}:${ref.line}`;
    const spec = ref.specifier;
    if (spec === null) {
      if (!(fullPath in set.computedImports)) {
        out.push({
          where,
          message: `${ref.kind} of a computed specifier: the boundary check cannot read it (use a string literal, or list the file in COMPUTED_IMPORTS with its reason)`,
        });
      }
      continue;
    }
    if (spec.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), spec));
      if (target.startsWith('../'))
        out.push({ where, message: `${spec} reaches outside ${pkg.dir}: import another package by its name` });
      continue;
    }
    const dep = packageOf(spec);
    if (matchesExternal(dep, rule.mustNotUseExternal ?? [])) {
      out.push({ where, message: `imports ${spec}, which ${name} must not use (${rule.why})` });
    }
    if (!dep.startsWith('@cuts/') || dep === name) continue;
    if (!dev && set.testOnlyEntries.includes(spec)) {
      out.push({ where, message: `imports ${spec}, an entry for tests only, from runtime code` });
      continue;
    }
    const allowed = dev ? [...rule.mayUse, ...(rule.devMayUse ?? [])] : rule.mayUse;
    if (!allowedBy(spec, allowed)) {
      out.push({
        where,
        message: `imports ${spec}; ${name}${dev ? ' (tests and benchmarks)' : ''} may use ${list(allowed)} (${rule.why})`,
      });
    } else if (!declared(pkg.manifest, dep, dev)) {
      out.push({
        where,
        message: `imports ${spec}, but ${dep} is not in ${name}'s ${dev ? 'dependencies or devDependencies' : 'dependencies'}`,
      });
    }
  }
  return out;
}

/** Source files named by the export map (`./src/x.ts`, or `./dist/x.js` / `.d.ts` → `src/x.ts`). */
export function entryFiles(pkg: WorkspacePackage): string[] {
  const targets: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') targets.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(pkg.manifest.exports);
  const have = new Set(pkg.files.map((f) => f.path));
  const entries = new Set<string>();
  for (const t of targets) {
    const rel = t.replace(/^\.\//, '');
    const candidates = [rel, rel.replace(/^dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts')];
    for (const c of candidates) if (c.startsWith('src/') && have.has(c)) entries.add(c);
  }
  return [...entries].sort();
}

function exportStarViolations(pkg: WorkspacePackage, set: RuleSet): Violation[] {
  const out: Violation[] = [];
  for (const entry of entryFiles(pkg)) {
    const file = pkg.files.find((f) => f.path === entry) as SourceFile;
    const allowed = set.exportStarAllowed[`${pkg.dir}/${entry}`] ?? [];
    const source = ts.createSourceFile(entry, file.text, ts.ScriptTarget.Latest, true);
    for (const stmt of source.statements) {
      if (!ts.isExportDeclaration(stmt) || stmt.exportClause || !stmt.moduleSpecifier) continue;
      const spec = (stmt.moduleSpecifier as ts.StringLiteral).text;
      if (allowed.some((prefix) => spec.startsWith(prefix))) continue;
      const line = source.getLineAndCharacterOfPosition(stmt.getStart(source)).line + 1;
      out.push({
        where: `${pkg.dir}/${entry}:${line}`,
        message: `export * from '${spec}' in a package entry: list the public names`,
      });
    }
  }
  return out;
}

function namesIn(line: string | undefined): string[] {
  return line ? [...line.matchAll(/`(@cuts\/[^`]+)`/g)].map((m) => m[1]).sort() : [];
}

/** The README's "## Dependencies" section must restate the package's row of the table. */
export function readmeViolations(
  pkg: WorkspacePackage,
  name: string,
  rule: PackageRule,
  rules: Readonly<Record<string, PackageRule>>,
): Violation[] {
  const where = `${pkg.dir}/README.md`;
  const section = pkg.readme?.split(/^## Dependencies\s*$/m)[1]?.split(/^## /m)[0];
  if (section === undefined)
    return [{ where, message: 'no "## Dependencies" section (may use / must not use, as in docs/architecture.md)' }];
  const lineOf = (label: string) => section.split('\n').find((l) => l.includes(`**${label}:**`));
  const out: Violation[] = [];
  const compare = (label: string, want: readonly string[]) => {
    const line = lineOf(label);
    const got = namesIn(line);
    const expected = [...want].sort();
    if (line === undefined && expected.length === 0) return;
    if (line === undefined || got.join() !== expected.join()) {
      out.push({
        where,
        message: `"**${label}:**" lists ${got.join(', ') || 'nothing'}; the rules table says ${expected.join(', ') || 'nothing'}`,
      });
    }
  };
  compare('May use', rule.mayUse);
  const usable = new Set(rule.mayUse.map(packageOf));
  compare(
    'Must not use',
    Object.keys(rules).filter((n) => n !== name && rules[n].kind !== 'tool' && !usable.has(n)),
  );
  compare('Tests and benchmarks may also use', rule.devMayUse ?? []);
  return out;
}

/** Every violation of the rules in `workspace`, in a stable order. */
export function checkWorkspace(workspace: readonly WorkspacePackage[], set: RuleSet = REPO_RULES): Violation[] {
  const out: Violation[] = [];
  for (const pkg of workspace) {
    const name = pkg.manifest.name ?? pkg.dir;
    const rule = set.rules[name];
    if (!rule) {
      out.push({
        where: `${pkg.dir}/package.json`,
        message: `${name} is not in the rules table (tools/repo-checks/src/rules.ts): add its row`,
      });
      continue;
    }
    out.push(...manifestViolations(pkg, name, rule));
    for (const file of pkg.files) out.push(...fileViolations(pkg, name, rule, file, set));
    out.push(...exportStarViolations(pkg, set));
    if (rule.kind !== 'tool') out.push(...readmeViolations(pkg, name, rule, set.rules));
  }
  return out;
}

/** One line per violation, for test failure messages. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.where}: ${v.message}`).join('\n');
}
