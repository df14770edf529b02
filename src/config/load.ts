import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Document, isNode, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../lib/errors.js';
import { StewardConfig } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'steward.yaml';

/**
 * Aliases (`*name`) a config may expand: a real steward.yaml has none or a few, an alias bomb ("billion laughs")
 * has millions. The `yaml` package counts nested expansions, so this also caps the expanded size.
 */
export const MAX_ALIAS_COUNT = 100;

/** Explicit tags that only restate a plain YAML type; any other tag (`!!js/function`, `!!binary`, `!foo`) is refused. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

const shortTag = (tag: string) => tag.replace(/^tag:yaml\.org,2002:/, '!!');

/** Where each parsed config's keys are in its file, for messages of later checks (keyed by the `tenants` array). */
const sources = new WeakMap<object, { doc: Document; lineCounter: LineCounter }>();

/** ` (line N)` of the deepest node of `path` present in the document, or '' when unknown. */
function lineOf(source: { doc: Document; lineCounter: LineCounter } | undefined, path: PropertyKey[]): string {
  if (!source) return '';
  let node: unknown = null;
  for (let n = path.length; n >= 0 && !node; n--) node = source.doc.getIn(path.slice(0, n), true);
  const range = (node as { range?: [number, number] } | null)?.range;
  return range ? ` (line ${source.lineCounter.linePos(range[0]).line})` : '';
}

/** The path an issue is about: an unknown key's own path (`tenants[1].options.orgg`), so its line is found too. */
function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  return issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]] : issue.path;
}

/** `tenants[1].options.token` from a zod path. */
function keyPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
}

/** Parses and validates steward.yaml text; every problem names the key, its line and what is expected. */
export function parseConfig(text: string, file = DEFAULT_CONFIG_FILE): StewardConfig {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: no merge keys, no language-specific types; unknown tags are collected below, not strings.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, merge: false, uniqueKeys: true });
  const problems = doc.errors.map((e) => `  line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`);
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED')
      problems.push(
        `  line ${w.linePos?.[0].line ?? '?'}: tag ${shortTag(w.message.match(/Unresolved tag: (\S+)/)?.[1] ?? '?')} is not allowed (steward.yaml is plain YAML: no custom or language tags)`,
      );
  }
  if (!doc.errors.length) {
    visit(doc, {
      Node(_key, node) {
        if (!isNode(node) || !node.tag || PLAIN_TAGS.has(node.tag)) return;
        if (
          doc.warnings.some(
            (w) =>
              w.code === 'TAG_RESOLVE_FAILED' &&
              w.pos[0] <= (node.range?.[0] ?? -1) &&
              (node.range?.[0] ?? -1) <= w.pos[1],
          )
        )
          return;
        const line = node.range ? lineCounter.linePos(node.range[0]).line : '?';
        problems.push(
          `  line ${line}: tag ${shortTag(node.tag)} is not allowed (steward.yaml is plain YAML: no custom or language tags)`,
        );
      },
    });
  }
  if (problems.length) throw new UserError(`${file}: invalid YAML\n${problems.join('\n')}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // Too many aliases (resource exhaustion) or an alias without its anchor.
    const message = (error as Error).message;
    throw new UserError(
      `${file}: invalid YAML\n  ${/Excessive alias count/.test(message) ? `more than ${MAX_ALIAS_COUNT} alias expansions (an alias bomb?); write the values out` : message}`,
    );
  }
  const result = StewardConfig.safeParse(value ?? {});
  if (result.success) {
    sources.set(result.data.tenants, { doc, lineCounter });
    sources.set(result.data.notifications, { doc, lineCounter });
    return result.data;
  }
  const lines = result.error.issues.map((issue) => {
    const path = issuePath(issue);
    return `  ${keyPath(path) || '(top level)'}${lineOf({ doc, lineCounter }, path)}: ${issue.message}`;
  });
  throw new UserError(`${file}: configuration is not valid\n${lines.join('\n')}`);
}

/** Loads the config file if present; without one, returns defaults (store in .steward/, no tenants). */
export function loadConfig(path?: string): { config: StewardConfig; file: string | null } {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  const shown = path ?? DEFAULT_CONFIG_FILE;
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UserError(`cannot read config file ${shown}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    if (path) throw new UserError(`config file ${path} does not exist (run \`steward init\` to write an example)`);
    return { config: StewardConfig.parse({}), file: null };
  }
  if (!isFile) throw new UserError(`config file ${shown} is a folder or device, not a file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read config file ${shown}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return { config: parseConfig(text, shown), file };
}

/** The options schema of a tenant's platform; undefined when no connector is registered for it. */
export type OptionsSchemaFor = (platform: StewardConfig['tenants'][number]['platform']) => z.ZodType | undefined;

/**
 * Validates the options of the given tenants (indexes into `config.tenants`) with their connectors' schemas, which
 * also resolves every secret reference (`{ env }`, `{ file }`) and refuses inline secrets. Every problem is one line
 * naming the key path (`tenants[1].options.token`) and its line in the file; nothing is printed of a value.
 * Throws a UserError (exit 2) listing them all; returns the validated options per tenant index otherwise.
 */
export function checkTenantOptions(
  config: StewardConfig,
  schemaFor: OptionsSchemaFor,
  file: string | null,
  indexes: readonly number[] = config.tenants.map((_, i) => i),
): Map<number, unknown> {
  const source = sources.get(config.tenants);
  const problems: string[] = [];
  const validated = new Map<number, unknown>();
  for (const index of indexes) {
    const tenant = config.tenants[index];
    const schema = schemaFor(tenant.platform);
    if (!schema) {
      const path = ['tenants', index, 'platform'];
      problems.push(`  ${keyPath(path)}${lineOf(source, path)}: no connector is registered for ${tenant.platform}`);
      continue;
    }
    const result = schema.safeParse(tenant.options ?? {});
    if (result.success) {
      validated.set(index, result.data);
      continue;
    }
    for (const issue of result.error.issues) {
      const path = ['tenants', index, 'options', ...issuePath(issue)];
      problems.push(`  ${keyPath(path)}${lineOf(source, path)}: ${issue.message}`);
    }
  }
  if (problems.length)
    throw new UserError(`${file ?? 'configuration'}: tenant options are not valid\n${problems.join('\n')}`);
  return validated;
}

/**
 * Validates a list section whose schema belongs to another layer (`notifications`, checked by src/notifications),
 * resolving its secret references. Every problem is one line naming the key path (`notifications[0].url`) and its
 * line in the file; nothing is printed of a value. Throws a UserError (exit 2) listing them all.
 */
export function checkSection<T>(
  config: StewardConfig,
  key: 'notifications',
  schema: z.ZodType<T>,
  file: string | null,
): T {
  const result = schema.safeParse(config[key]);
  if (result.success) return result.data;
  const source = sources.get(config[key]);
  const problems = result.error.issues.map((issue) => {
    const path = [key, ...issuePath(issue)];
    return `  ${keyPath(path)}${lineOf(source, path)}: ${issue.message}`;
  });
  throw new UserError(`${file ?? 'configuration'}: ${key} are not valid\n${problems.join('\n')}`);
}
