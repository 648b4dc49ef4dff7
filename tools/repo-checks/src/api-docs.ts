/**
 * Every public name has TSDoc: for each entry a package's export map names,
 * the checker lists the exported symbols declared in that package whose
 * declaration carries no documentation comment.
 */
import path from 'node:path';
import ts from 'typescript';
import { entryFiles } from './boundaries.js';
import type { WorkspacePackage } from './workspace.js';

/** Declarations under these folders are not checked (they are leaving their package). */
export const API_DOCS_EXEMPT: readonly string[] = [
  // Issue 14: the baselines move to @cuts/baselines, which documents them.
  'packages/eval/src/baselines/',
];

export interface UndocumentedExport {
  /** `packages/cluster/src/index.ts` */
  readonly entry: string;
  readonly name: string;
  /** Where it is declared, `dir/file:line`. */
  readonly declared: string;
}

function hasDoc(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (symbol.getDocumentationComment(checker).length > 0) return true;
  // A TSDoc block with only tags (e.g. @deprecated) counts too.
  return (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
}

/** One name a package entry exports. */
export interface EntryExport {
  /** `packages/cluster/src/index.ts` */
  readonly entry: string;
  readonly name: string;
  /** Where it is declared, `dir/file:line` (repository-relative; outside the repo for third-party names). */
  readonly declared: string;
  /** Declared in the exporting package itself (not re-exported from a dependency). */
  readonly own: boolean;
  readonly documented: boolean;
}

/** Every name every entry of `packages` exports, read with the TypeScript checker. */
export function entryExports(repoRoot: string, packages: readonly WorkspacePackage[]): EntryExport[] {
  const entries = packages.flatMap((p) => entryFiles(p).map((e) => ({ pkg: p, file: path.join(repoRoot, p.dir, e) })));
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  const out: EntryExport[] = [];
  for (const { pkg, file } of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) continue;
    const pkgDir = path.join(repoRoot, pkg.dir) + path.sep;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.[0];
      const declFile = decl?.getSourceFile().fileName ?? '';
      const line = decl ? decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1 : 0;
      out.push({
        entry: path.relative(repoRoot, file).split(path.sep).join('/'),
        name: exported.name,
        declared: `${path.relative(repoRoot, declFile).split(path.sep).join('/')}:${line}`,
        own: declFile.startsWith(pkgDir),
        documented: hasDoc(symbol, checker),
      });
    }
  }
  return out;
}

/** Exported names, declared in their own package, that have no TSDoc. */
export function undocumentedExports(repoRoot: string, packages: readonly WorkspacePackage[]): UndocumentedExport[] {
  return entryExports(repoRoot, packages)
    .filter((e) => e.own && !e.documented && !API_DOCS_EXEMPT.some((d) => e.declared.startsWith(d)))
    .map(({ entry, name, declared }) => ({ entry, name, declared }));
}
