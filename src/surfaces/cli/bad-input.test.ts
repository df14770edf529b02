import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './context.js';
import { listSyncRuns, openStore } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';

/**
 * Issue 13: bad configs and bad option values are usage errors (exit 2) with one line naming the key or option,
 * found before any work — for `scan`, nothing is recorded as a sync run.
 */
const dir = mkdtempSync(join(tmpdir(), 'steward-bad-input-'));
const store = join(dir, 'store.db');

function config(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A GitHub tenant and an AWS tenant; the second one's options are the case under test. */
const tenants = (second: string) =>
  [
    `store: ${store}`,
    'tenants:',
    '  - platform: aws',
    '    tenant: "111122223333"',
    '    options: { region: us-east-1 }',
    '  - platform: github',
    '    tenant: acme',
    '    options:',
    second,
  ].join('\n');

beforeAll(async () => {
  process.env.STEWARD_BAD_INPUT_TOKEN = 'ghp_goodgoodgoodgoodgoodgoodgoodgood1';
  delete process.env.STEWARD_BAD_INPUT_UNSET;
  (await openStore(store)).close();
});

const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
].join('\n');

const SCAN_CASES: Array<{ name: string; config: () => string; message: RegExp }> = [
  { name: 'YAML alias bomb', config: () => config('bomb.yaml', bomb), message: /invalid YAML[\s\S]*alias/ },
  {
    name: '!!js/function tag',
    config: () => config('fn.yaml', `store: ${store}\nrules:\n  dir: !!js/function "function () { return 1 }"\n`),
    message: /line 3: tag !!js\/function is not allowed/,
  },
  {
    name: 'custom !tag',
    config: () => config('tag.yaml', `store: !secret ${store}\n`),
    message: /line 1: tag !secret is not allowed/,
  },
  {
    name: '!!binary tag',
    config: () => config('bin.yaml', `store: ${store}\nrules: { dir: !!binary aGVsbG8= }\n`),
    message: /line 2: tag !!binary is not allowed/,
  },
  { name: 'folder as config', config: () => dir, message: /config file .* is a folder or device, not a file/ },
  {
    name: 'unknown connector option',
    config: () => config('opt.yaml', tenants('      token: { env: STEWARD_BAD_INPUT_TOKEN }\n      orgg: acme')),
    message: /tenants\[1\]\.options\.orgg \(line 10\): Unrecognized key: "orgg"/,
  },
  {
    name: 'connector option out of range',
    config: () => config('range.yaml', tenants('      token: { env: STEWARD_BAD_INPUT_TOKEN }\n      maxRetries: 99')),
    message: /tenants\[1\]\.options\.maxRetries \(line 10\): .*<=10/,
  },
  {
    name: 'missing environment variable',
    config: () => config('env.yaml', tenants('      token: { env: STEWARD_BAD_INPUT_UNSET }')),
    message: /tenants\[1\]\.options\.token \(line 9\): environment variable STEWARD_BAD_INPUT_UNSET is not set/,
  },
  {
    name: 'missing secret file',
    config: () => config('file.yaml', tenants(`      token: { file: ${join(dir, 'no-such-key')} }`)),
    message: /tenants\[1\]\.options\.token \(line 9\): cannot read secret file .*no-such-key: ENOENT/,
  },
  {
    name: 'inline secret',
    config: () => config('inline.yaml', tenants('      token: ghp_inlineinlineinlineinlineinline12')),
    message: /tenants\[1\]\.options\.token \(line 9\): expected a secret reference/,
  },
];

describe('scan validates the whole config before any work', () => {
  it.each(SCAN_CASES)('$name: exit 2, names the key, records no run', async ({ config: make, message }) => {
    const file = make();
    for (const args of [['scan'], ['scan', '--queue']]) {
      const r = await runCli(['--config', file, '--store', store, ...args]);
      expect(r.code, r.stderr).toBe(EXIT.usage);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at |unexpected error/);
      expect(r.stderr).not.toContain('ghp_inline');
    }
    const s = await openStore(store);
    try {
      expect(await listSyncRuns(s, {})).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('reports every bad tenant at once, and a tenant filter only checks the selected ones', async () => {
    const file = config(
      'two.yaml',
      [
        `store: ${store}`,
        'tenants:',
        '  - platform: github',
        '    tenant: a',
        '    options: { token: { env: STEWARD_BAD_INPUT_UNSET } }',
        '  - platform: github',
        '    tenant: b',
        '    options: { token: plain }',
      ].join('\n'),
    );
    const r = await runCli(['--config', file, 'scan']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/tenants\[0\]\.options\.token \(line 5\)/);
    expect(r.stderr).toMatch(/tenants\[1\]\.options\.token \(line 8\)/);
    const one = await runCli(['--config', file, 'scan', '--tenant', 'b']);
    expect(one.stderr).not.toMatch(/tenants\[0\]/);
    expect(one.stderr).toMatch(/tenants\[1\]\.options\.token/);
  });

  it('an unreadable --keep-raw target is exit 2 before scanning', async () => {
    const file = config('ok.yaml', tenants('      token: { env: STEWARD_BAD_INPUT_TOKEN }'));
    const notDir = join(dir, 'a-file');
    writeFileSync(notDir, 'x');
    const r = await runCli(['--config', file, 'scan', '--keep-raw', notDir]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(`--keep-raw: ${notDir} exists and is not a folder`);
  });

  it('other commands refuse the same bad YAML with exit 2 and no stack', async () => {
    for (const file of [config('bomb2.yaml', bomb), dir]) {
      const r = await runCli(['--config', file, 'inventory']);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

const NUMERIC_CASES: Array<{ args: string[]; option: string }> = [
  { args: ['inventory', '--limit', 'abc'], option: '--limit' },
  { args: ['inventory', '--limit', '0'], option: '--limit' },
  { args: ['inventory', '--limit', '1.5'], option: '--limit' },
  { args: ['owners', 'list', '--limit', '-3'], option: '--limit' },
  { args: ['findings', 'list', '--limit', '10x'], option: '--limit' },
  { args: ['runs', '--limit', ''], option: '--limit' },
  { args: ['report', '--html', join(dir, 'r.html'), '--top', '-5'], option: '--top' },
  { args: ['report', '--html', join(dir, 'r.html'), '--top', '1e3'], option: '--top' },
  { args: ['demo', '--size', '-5'], option: '--size' },
  { args: ['demo', '--seed', 'x'], option: '--seed' },
  { args: ['emulate', '--size', '99999999999'], option: '--size' },
  { args: ['emulate', '--seed', '-1'], option: '--seed' },
  { args: ['worker', '--concurrency', '0'], option: '--concurrency' },
  { args: ['worker', '--poll-interval', 'soon'], option: '--poll-interval' },
  { args: ['worker', '--maintenance-interval', '0'], option: '--maintenance-interval' },
  { args: ['scan', '--job-expiry', '0'], option: '--job-expiry' },
  { args: ['scan', '--job-retries', '-1'], option: '--job-retries' },
  { args: ['scan', '--wait-timeout', 'NaN'], option: '--wait-timeout' },
  { args: ['--memory-budget', '-1', 'inventory'], option: '--memory-budget' },
  { args: ['--memory-budget', 'lots', 'scan'], option: '--memory-budget' },
];

describe('numeric options are validated by the CLI parser', () => {
  it.each(NUMERIC_CASES)('steward $args: exit 2 naming $option', async ({ args, option }) => {
    const r = await runCli(['--store', store, ...args]);
    expect(r.code, r.stderr).toBe(EXIT.usage);
    expect(r.stderr).toContain(`option '${option} <`);
    expect(r.stderr).toMatch(/is invalid\. expected a (whole )?number/);
  });

  it('a valid value is still accepted', async () => {
    const r = await runCli(['--store', store, 'runs', '--limit', '5', '--format', 'json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('emulate --faults is parsed strictly', () => {
  it.each([
    { faults: '{"throtleEvery":5}', message: /unknown key "throtleEvery" \(keys: throttleEvery,/ },
    { faults: '{"serverErrorRate":2}', message: /serverErrorRate: .*<=1/ },
    { faults: '{"throttleEvery":', message: /not valid JSON/ },
    { faults: '[1]', message: /\(root\): / },
  ])('--faults $faults: exit 2 naming the key', async ({ faults, message }) => {
    const r = await runCli(['emulate', '--faults', faults]);
    expect(r.code, r.stderr).toBe(EXIT.usage);
    expect(r.stderr).toContain("option '--faults <json>'");
    expect(r.stderr).toMatch(message);
  });
});

it('no stray store file for a config refused before work', async () => {
  const fresh = join(dir, 'fresh');
  mkdirSync(fresh);
  const file = config(
    'fresh.yaml',
    `store: ${join(fresh, 's.db')}\n${tenants('      token: { env: STEWARD_BAD_INPUT_UNSET }').split('\n').slice(1).join('\n')}`,
  );
  const r = await runCli(['--config', file, 'scan']);
  expect(r.code).toBe(EXIT.usage);
  expect(existsSync(join(fresh, 's.db'))).toBe(false);
});

describe('error messages and written files', () => {
  it('escapes control characters a message quotes (here a config path) instead of printing them raw', async () => {
    const r = await runCli(['inventory', '--config', join(dir, 'missing-\u001b]0;pwned\u0007-\u202e.yaml')]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('missing-\\u001b]0;pwned\\u0007-\\u202e.yaml');
    for (const raw of ['\u001b', '\u0007', '\u202e']) expect(r.stderr).not.toContain(raw);
  });

  it('writes the HTML report readable by its owner only (it lists the inventory)', async () => {
    const html = join(dir, 'report.html');
    const r = await runCli(['report', '--store', store, '--html', html]);
    expect(r.code).toBe(EXIT.ok);
    expect((await import('node:fs')).statSync(html).mode & 0o777).toBe(0o600);
  });
});
