/**
 * Every module a source file refers to, found with the TypeScript parser (no
 * regex): `import … from`, `import type`, side-effect imports, `export … from`,
 * `import x = require()`, `require()` / `require.resolve()` calls, dynamic
 * `import()` and `import('…')` types. A reference whose specifier is not a
 * string literal is reported as such, so the checker can insist it is known.
 */
import ts from 'typescript';

export type ReferenceKind = 'import' | 'export' | 'require' | 'dynamic-import' | 'import-type';

export interface ModuleReference {
  /** The module specifier, or null when it is computed at run time. */
  readonly specifier: string | null;
  readonly kind: ReferenceKind;
  /** 1-based line of the reference. */
  readonly line: number;
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  return ts.ScriptKind.TS;
}

function literalText(node: ts.Node | undefined): string | null {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;
}

/** Whether `callee` is `require` or `require.resolve`. */
function isRequireCallee(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'require' &&
    callee.name.text === 'resolve'
  );
}

const parsed = new Map<string, readonly ModuleReference[]>();

/** The module references of one file's text (`file` only picks the parser's dialect); memoised. */
export function moduleReferences(file: string, text: string): readonly ModuleReference[] {
  const key = `${file}\0${text}`;
  const known = parsed.get(key);
  if (known) return known;
  const refs = parseReferences(file, text);
  parsed.set(key, refs);
  return refs;
}

function parseReferences(file: string, text: string): ModuleReference[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  const out: ModuleReference[] = [];
  const add = (specifier: string | null, kind: ReferenceKind, node: ts.Node) =>
    out.push({ specifier, kind, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(literalText(node.moduleSpecifier), 'import', node);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier)
      add(literalText(node.moduleSpecifier), 'export', node);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(literalText(node.moduleReference.expression), 'require', node);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add(literalText(node.arguments[0]), 'dynamic-import', node);
      else if (isRequireCallee(node.expression) && node.arguments.length > 0)
        add(literalText(node.arguments[0]), 'require', node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(literalText(node.argument.literal), 'import-type', node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
