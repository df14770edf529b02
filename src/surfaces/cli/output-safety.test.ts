import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './context.js';
import { identityId, Identity } from '../../model/index.js';
import { openStore, writeIdentities } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';

/** Identity names a hostile app registrant could choose (issue 13). */
const NAMES = [
  `=cmd|' /C calc'!A0`,
  '=HYPERLINK("http://x")',
  '@SUM(1)',
  '-2+3',
  '+1',
  '\u001b[2Jclear',
  '\u001b]0;pwned\u0007',
  'nul\u0000name',
  'invoice\u202efdp.exe',
  'x'.repeat(10_240),
];
/** What the table and CSV show for each (in order). */
const IN_CSV = [
  `'=cmd|' /C calc'!A0`,
  `'=HYPERLINK("http://x")`,
  `'@SUM(1)`,
  `'-2+3`,
  `'+1`,
  '\\x1b[2Jclear',
  '\\x1b]0;pwned\\x07',
  'nulname',
  'invoice\\u202efdp.exe',
  'x'.repeat(10_240),
];
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

async function hostileStore(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'steward-safety-')), 'inv.db');
  const store = await openStore(file);
  const identities = NAMES.map((name, n) =>
    Identity.parse({
      id: identityId('github', 'acme', 'oauth_app', n + 10),
      platform: 'github',
      tenant: 'acme',
      kind: 'oauth_app',
      nativeType: 'oauth_app',
      nativeId: String(n + 10),
      name,
      credentials: [],
      permissions: [],
    }),
  );
  await writeIdentities(store, identities, 'run-1', '2026-11-01T00:00:00.000Z');
  await store.close();
  return file;
}

describe('CLI output over hostile identity names', () => {
  let store = '';
  beforeAll(async () => {
    store = await hostileStore();
  });

  it('inventory --format csv neutralises formulas, escapes controls, strips NUL, keeps full values', async () => {
    const r = await runCli(['--store', store, 'inventory', '--format', 'csv']);
    expect(r.code).toBe(EXIT.ok);
    expect(RAW.test(r.stdout)).toBe(false);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    const byId = new Map(rows.map((row) => [row.id, row.name]));
    expect(NAMES.map((_, n) => byId.get(identityId('github', 'acme', 'oauth_app', n + 10)))).toEqual(IN_CSV);
  });

  it('inventory --format table escapes controls and caps the 10 KB name at 80 characters', async () => {
    const r = await runCli(['--store', store, 'inventory']);
    expect(r.code).toBe(EXIT.ok);
    expect(RAW.test(r.stdout)).toBe(false);
    expect(r.stdout).toContain('\\x1b[2Jclear');
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07');
    expect(r.stdout).toContain('invoice\\u202efdp.exe');
    expect(r.stdout).toContain(`│ ${'x'.repeat(79)}… │`);
    expect(r.stdout).not.toContain('x'.repeat(80));
    // 10 identities: one line each plus the header and borders, and no line anywhere near the 10 KB name.
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThan(250);
  });

  it('inventory --format json keeps the full names, minus NUL, and parses back', async () => {
    const r = await runCli(['--store', store, 'inventory', '--format', 'json']);
    expect(r.code).toBe(EXIT.ok);
    expect(RAW.test(r.stdout)).toBe(false);
    const names = (JSON.parse(r.stdout) as Array<{ name: string }>).map((i) => i.name).sort();
    expect(names).toEqual(NAMES.map((n) => n.replaceAll('\u0000', '')).sort());
  });

  it('owners show prints the name escaped on its text line', async () => {
    const r = await runCli(['--store', store, 'owners', 'show', identityId('github', 'acme', 'oauth_app', 16)]);
    expect(r.code).toBe(EXIT.ok);
    expect(RAW.test(r.stdout)).toBe(false);
    expect(r.stdout).toContain('identity:  github:acme:oauth_app:16 (oauth_app, \\x1b]0;pwned\\x07)');
  });
});
