import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { UserError } from '../lib/errors.js';
import { EXAMPLE_CONFIG } from '../surfaces/cli/commands/init.js';
import { runCli } from '../testing/cli.js';
import { parseConfig } from './load.js';

/** Pieces of YAML syntax (anchors, aliases, tags, flow and block collections, directives) to build hostile text. */
const TOKENS = [
  'store: ',
  'tenants:',
  '\n',
  '\n  - ',
  '  ',
  'platform: github',
  'tenant: acme',
  'options: ',
  'token: { env: X }',
  'scan: { concurrency: ',
  'rules:',
  '&a ',
  '*a',
  '&b [*a, *a, *a]',
  '!!js/function ',
  '!!binary ',
  '!!set ',
  '!tag ',
  '!!str ',
  '<<: *a',
  '%YAML 1.1\n---\n',
  '---',
  '...',
  '{',
  '}',
  '[',
  ']',
  ',',
  ': ',
  '- ',
  '"',
  "'",
  '|',
  '>',
  '#',
  '?',
  '__proto__: ',
  'constructor: ',
  '.inf',
  '0x1f',
  '1e999',
  '~',
  '\t',
  '\u0000',
  '\u202e',
  'x',
];

const yamlish = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join('')),
  // The valid example, cut and spliced with random tokens.
  fc
    .tuple(fc.nat(EXAMPLE_CONFIG.length), fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }), fc.nat(200))
    .map(([at, parts, cut]) => EXAMPLE_CONFIG.slice(0, at) + parts.join('') + EXAMPLE_CONFIG.slice(at + cut)),
  // Any JSON-like value written as YAML (wrong types and shapes everywhere).
  fc.anything({ maxDepth: 3 }).map((v) => {
    try {
      return stringify(v) ?? String(v);
    } catch {
      return String(v);
    }
  }),
  fc.string({ maxLength: 200 }),
);

describe('config loading never crashes (fast-check)', () => {
  it('parseConfig returns a config or throws a UserError (exit 2) with a one-line-per-problem message', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        try {
          parseConfig(text, 'fuzz.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as UserError).exitCode).toBe(2);
          expect((error as UserError).message).toMatch(/^fuzz\.yaml: /);
          expect((error as UserError).message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('the CLI answers any config file with exit 0 or 2, never 70 or a stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-config-fuzz-'));
    const file = join(dir, 'steward.yaml');
    const store = join(dir, 'store.db');
    await fc.assert(
      fc.asyncProperty(yamlish, async (text) => {
        writeFileSync(file, text);
        const r = await runCli(['--config', file, '--store', store, 'runs', '--limit', '1', '--format', 'json']);
        expect([0, 2], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
      }),
      { numRuns: 60 },
    );
  });
});
