import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../platforms/registry.js';
import { runCli } from '../../testing/cli.js';
import { EXIT } from './context.js';
import {
  builtinRulesMarkdown,
  RULES_DOC,
  RULES_TABLE_END,
  RULES_TABLE_START,
  rulesTableIn,
  withRulesTable,
} from './rules-doc.js';

const STALE = 'docs/rules.md: the rule table is stale; run `npm run docs:rules` and commit the result';

describe('docs/rules.md rule table', () => {
  it('is the table the rule pack generates', () => {
    expect(rulesTableIn(readFileSync(RULES_DOC, 'utf8')), STALE).toBe(builtinRulesMarkdown());
  });

  it('is what `steward rules --format markdown` prints without a config: one row per built-in rule', async () => {
    const emptyConfig = join(mkdtempSync(join(tmpdir(), 'steward-rules-doc-')), 'steward.yaml');
    writeFileSync(emptyConfig, '');
    const r = await runCli(['--config', emptyConfig, 'rules', '--format', 'markdown']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.trim()).toBe(builtinRulesMarkdown());
    const ids = r.stdout.split('\n').flatMap((line) => /^\| `([^`]+)`/.exec(line)?.[1] ?? []);
    expect(ids).toEqual(BUILTIN_RULES.map((rule) => rule.meta.id));
  });

  it("carries the config's custom rules and marks disabled ones when a config has them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-rules-md-'));
    mkdirSync(join(dir, 'rules'));
    writeFileSync(
      join(dir, 'rules', 'x.yaml'),
      'id: acme-x\ntitle: X\nseverity: low\ndescription: d\nowasp: NHI9:2025\nplatforms: [aws, github]\ndataRequirement: a | b\ncondition: identity.enabled\n',
    );
    writeFileSync(join(dir, 'steward.yaml'), `rules:\n  dir: ${join(dir, 'rules')}\n  disabled: [nhi-stale]\n`);
    const r = await runCli(['--config', join(dir, 'steward.yaml'), 'rules', '--format', 'markdown']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2 + BUILTIN_RULES.length + 1);
    expect(lines.at(-1)).toBe('| `acme-x` | low | NHI9:2025 NHI Reuse | aws, github |  | a \\| b |');
    expect(lines).toContainEqual(expect.stringMatching(/^\| `nhi-stale` \(disabled\) \| medium \|/));
  });

  it('is replaced between the markers and nothing else moves', () => {
    const doc = `# Rules\n\nbefore\n\n${RULES_TABLE_START}\n\n| old |\n\n${RULES_TABLE_END}\n\nafter\n`;
    const updated = withRulesTable(doc, '| new |');
    expect(updated).toBe(`# Rules\n\nbefore\n\n${RULES_TABLE_START}\n\n| new |\n\n${RULES_TABLE_END}\n\nafter\n`);
    expect(rulesTableIn(updated)).toBe('| new |');
    expect(() => rulesTableIn('# no markers')).toThrow(/rules-table:start/);
  });
});
