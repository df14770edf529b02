import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from './model/platform.js';

/**
 * The layout's rules (docs/architecture.md, issue 11), checked on the static imports of every module under src/
 * (read with TypeScript's own `preProcessFile`, so no import form is missed). Dynamic `import()` is how production
 * code reaches the emulators on demand, so it is not an edge here.
 */

const ROOT = resolve(import.meta.dirname, '..');

interface ImportEdge {
  /** Repository-relative paths, e.g. src/sync/engine.ts. */
  from: string;
  to: string;
  /** `import type` / `export type`: erased by the compiler, never loaded at run time. */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(path) && !path.endsWith('.d.ts') ? [relative(ROOT, path)] : [];
  });
}

const isTest = (file: string) => file.endsWith('.test.ts');
/** Test material: tests, the test helpers and the hand-written vendor payloads; never in the build. */
const isTestMaterial = (file: string) =>
  isTest(file) || file.startsWith('src/testing/') || /^src\/platforms\/[^/]+\/fixtures\//.test(file);

/** Module specifiers whose every import/export declaration is type-only. */
function typeOnlySpecifiers(source: ts.SourceFile): Set<string> {
  const typeOnly = new Set<string>();
  const value = new Set<string>();
  for (const statement of source.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
    if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const spec = statement.moduleSpecifier.text;
    (isTypeOnlyDeclaration(statement) ? typeOnly : value).add(spec);
  }
  for (const spec of value) typeOnly.delete(spec);
  return typeOnly;
}

function isTypeOnlyDeclaration(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(statement)) return statement.isTypeOnly;
  const clause = statement.importClause;
  if (!clause) return false; // a side-effect import loads the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null; // a package
  if (spec.endsWith('.css')) return null; // the dashboard's stylesheet, bundled by esbuild
  const base = resolve(ROOT, dirname(from), spec).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return relative(ROOT, candidate);
  }
  throw new Error(`${from}: cannot resolve "${spec}"`);
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const typeOnly = typeOnlySpecifiers(ts.createSourceFile(file, text, ts.ScriptTarget.Latest));
  return ts
    .preProcessFile(text, true, false)
    .importedFiles.filter((f) => !/import\s*\(\s*['"`]?$/.test(text.slice(Math.max(0, f.pos - 20), f.pos)))
    .flatMap((f) => {
      const to = resolveImport(file, f.fileName);
      return to ? [{ from: file, to, typeOnly: typeOnly.has(f.fileName) }] : [];
    });
}

const FILES = sourceFiles(join(ROOT, 'src'));
const PRODUCTION_EDGES = FILES.filter((f) => !isTestMaterial(f)).flatMap(importsOf);
const show = (edges: ImportEdge[]) => edges.map((e) => `${e.from} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`);

const EMULATION = [
  /^src\/emulation\//,
  /^src\/platforms\/[^/]+\/(estate|emulator)\//,
  /^src\/platforms\/[^/]+\/emulation\.ts$/,
];
/** What may load the emulators and estate generators at run time besides themselves. */
const EMULATION_USERS = [...EMULATION, /^src\/surfaces\/cli\/commands\/(demo|emulate)\.ts$/];
const matches = (patterns: RegExp[], file: string) => patterns.some((p) => p.test(file));

/** Layer -> the src/ folders it must not import (arrows point inward). */
const LAYERS: Array<[layer: string, forbidden: string[]]> = [
  ['src/store/', ['src/analysis/', 'src/monitoring/', 'src/platforms/', 'src/surfaces/']],
  ['src/analysis/', ['src/platforms/', 'src/surfaces/', 'src/sync/']],
  ['src/sync/', ['src/analysis/', 'src/platforms/', 'src/surfaces/']],
  // Remediation runs the actions the platforms declare, handed to it by the surfaces (never the registry).
  ['src/remediation/', ['src/analysis/', 'src/platforms/', 'src/surfaces/', 'src/sync/']],
  ['src/monitoring/', ['src/platforms/', 'src/surfaces/', 'src/sync/']],
  // Notifications are told what to send by the surfaces; they read the store, never the layers that produce events.
  [
    'src/notifications/',
    [
      'src/analysis/',
      'src/jobs/',
      'src/monitoring/',
      'src/platforms/',
      'src/remediation/',
      'src/surfaces/',
      'src/sync/',
    ],
  ],
];

/** String literals (template parts included, module specifiers excluded) of one file. */
function stringsOf(file: string): Array<{ line: number; text: string }> {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (
      file === CONFIG_EXAMPLE.file &&
      ts.isVariableDeclaration(node) &&
      node.name.getText() === CONFIG_EXAMPLE.variable
    )
      return;
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Where naming a platform is the point: the platforms themselves and the id list. */
const MAY_NAME_PLATFORMS = [
  /^src\/platforms\//,
  /^src\/model\/platform\.ts$/,
  // The Slack-compatible incoming-webhook notification channel: a message format, not the platform's connector.
  /^src\/notifications\/channels\/slack\.ts$/,
];
/** The init command's steward.yaml example shows how each platform's tenant is configured. */
const CONFIG_EXAMPLE = { file: 'src/surfaces/cli/commands/init.ts', variable: 'EXAMPLE_CONFIG' };
const PLATFORM_WORD = new RegExp(`\\b(${PLATFORM_IDS.join('|')})\\b`, 'i');
/** Names that contain a platform's word but name something else. */
const NOT_A_PLATFORM = [
  /\bgoogle\.protobuf\.\w+/g, // CEL's timestamp type
  /\bCIS (AWS Foundations|GitHub)\b/g, // compliance benchmarks cited by generic rules
  /\bhttps:\/\/github\.com\/steward-nhi\/\S*/g, // this project's home
];
const namesPlatform = (text: string) => PLATFORM_WORD.test(NOT_A_PLATFORM.reduce((t, re) => t.replace(re, ''), text));

describe('architecture', () => {
  it('sees the modules it checks', () => {
    expect(FILES).toContain('src/sync/engine.ts');
    expect(PRODUCTION_EDGES.some((e) => e.from === 'src/sync/engine.ts' && e.to === 'src/store/index.ts')).toBe(true);
  });

  it('no production module imports test material', () => {
    expect(show(PRODUCTION_EDGES.filter((e) => isTestMaterial(e.to)))).toEqual([]);
  });

  it('only the emulation side and the demo/emulate commands load emulators and estate generators', () => {
    const offenders = PRODUCTION_EDGES.filter(
      (e) => !e.typeOnly && matches(EMULATION, e.to) && !matches(EMULATION_USERS, e.from),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('estate generators label from their own catalogues: no connector, rules or sync imports', () => {
    // The agreement tests beside them compare the two views, so they read both: only the generators are checked.
    const offenders = FILES.filter((f) => /^src\/platforms\/[^/]+\/estate\//.test(f) && !isTest(f))
      .flatMap(importsOf)
      .filter((e) => /^src\/platforms\/[^/]+\/(connector|rules)\//.test(e.to) || e.to.startsWith('src/sync/'));
    expect(show(offenders)).toEqual([]);
  });

  it('src/model imports nothing of ours', () => {
    const offenders = PRODUCTION_EDGES.filter((e) => e.from.startsWith('src/model/') && !e.to.startsWith('src/model/'));
    expect(show(offenders)).toEqual([]);
  });

  it.each(LAYERS)('%s points inward', (layer, forbidden) => {
    const offenders = PRODUCTION_EDGES.filter(
      (e) => e.from.startsWith(layer) && forbidden.some((folder) => e.to.startsWith(folder)),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('no source outside src/platforms/ names a platform', () => {
    const offenders = FILES.filter((f) => !isTestMaterial(f) && !matches(MAY_NAME_PLATFORMS, f)).flatMap((file) =>
      stringsOf(file)
        .filter((s) => namesPlatform(s.text))
        .map((s) => `${file}:${s.line}: ${JSON.stringify(s.text.slice(0, 80))}`),
    );
    expect(offenders).toEqual([]);
  });
});
