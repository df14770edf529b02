import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { UserError } from '../lib/errors.js';
import { StewardConfig } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'steward.yaml';

/** Parses and validates steward.yaml text; every problem names the key, its line and what is expected. */
export function parseConfig(text: string, file = DEFAULT_CONFIG_FILE): StewardConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length) {
    throw new UserError(
      `${file}: invalid YAML\n${doc.errors.map((e) => `  line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`).join('\n')}`,
    );
  }
  const result = StewardConfig.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const key = path.reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : String(part)),
      '',
    );
    let node: unknown = null;
    for (let n = path.length; n >= 0 && !node; n--) node = doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number] } | null)?.range;
    const where = range ? ` (line ${lineCounter.linePos(range[0]).line})` : '';
    return `  ${key || '(top level)'}${where}: ${issue.message}`;
  });
  throw new UserError(`${file}: configuration is not valid\n${lines.join('\n')}`);
}

/** Loads the config file if present; without one, returns defaults (store in .steward/, no tenants). */
export function loadConfig(path?: string): { config: StewardConfig; file: string | null } {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new UserError(`config file ${path} does not exist (run \`steward init\` to write an example)`);
    return { config: StewardConfig.parse({}), file: null };
  }
  return { config: parseConfig(readFileSync(file, 'utf8'), path ?? DEFAULT_CONFIG_FILE), file };
}
