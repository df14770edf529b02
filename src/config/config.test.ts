import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkTenantOptions, loadConfig, parseConfig } from './load.js';
import { SecretRef } from './secret.js';
import { EXAMPLE_CONFIG } from '../surfaces/cli/commands/init.js';
import { redact } from '../lib/logger.js';

describe('steward.yaml validation', () => {
  it('accepts the example written by `steward init`', () => {
    const config = parseConfig(EXAMPLE_CONFIG);
    expect(config.tenants[0]).toMatchObject({ platform: 'github', tenant: 'acme-corp' });
    expect(config.rules.thresholds.staleDays).toBe(90);
  });

  it('names the key, its line and what is expected', () => {
    const text = [
      'store: x.db',
      'tenants:',
      '  - platform: gitlab',
      '    tenant: acme',
      'scan:',
      '    concurrency: "many"',
    ].join('\n');
    let message = '';
    try {
      parseConfig(text, 'steward.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('steward.yaml: configuration is not valid');
    expect(message).toMatch(/tenants\[0\]\.platform \(line 3\): Invalid option: expected one of "github"\|"entra"/);
    expect(message).toMatch(/scan\.concurrency \(line 6\): .*expected number/);
  });

  it('reports unknown keys and YAML syntax errors with lines', () => {
    expect(() => parseConfig('store: a\nstorre: b\n')).toThrow(/\(top level\).*Unrecognized key: "storre"|storre/);
    expect(() => parseConfig('tenants: [\n  - a\n')).toThrow(/invalid YAML[\s\S]*line \d+/);
  });
});

describe('secret references', () => {
  const schema = z.object({ token: SecretRef });
  it('resolves env and file references and registers the value for redaction', () => {
    process.env.STEWARD_TEST_TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    expect(schema.parse({ token: { env: 'STEWARD_TEST_TOKEN' } }).token).toBe(
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    );
    expect(redact('token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked')).not.toContain('abcdefghij');
    const file = join(mkdtempSync(join(tmpdir(), 'steward-secret-')), 'key');
    writeFileSync(file, 'file-secret-value\n');
    expect(schema.parse({ token: { file } }).token).toBe('file-secret-value');
    expect(redact('value=file-secret-value')).toBe('value=****');
  });

  it('rejects literal secrets and explains missing variables and files', () => {
    const literal = schema.safeParse({ token: 'ghp_plaintext' });
    expect(literal.success).toBe(false);
    expect(literal.error?.issues[0].message).toContain('{ env: VARIABLE }');
    delete process.env.STEWARD_MISSING;
    expect(schema.safeParse({ token: { env: 'STEWARD_MISSING' } }).error?.issues[0].message).toBe(
      'environment variable STEWARD_MISSING is not set',
    );
    expect(schema.safeParse({ token: { file: '/nonexistent/key' } }).error?.issues[0].message).toContain(
      'cannot read secret file /nonexistent/key: ENOENT',
    );
  });
});

describe('safe YAML', () => {
  const messageOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  };

  it('refuses language and custom tags with their line instead of taking them as strings', () => {
    expect(messageOf(() => parseConfig('store: a.db\nrules:\n  dir: !!js/function "f()"\n'))).toMatch(
      /invalid YAML\n {2}line 3: tag !!js\/function is not allowed/,
    );
    expect(messageOf(() => parseConfig('store: !!js/undefined\n'))).toMatch(/line 1: tag !!js\/undefined/);
    expect(messageOf(() => parseConfig('rules: { disabled: !!set { a } }\n'))).toMatch(/line 1: tag !!set/);
    // Tags that only restate a plain type are fine.
    expect(parseConfig('store: !!str 12\n').store).toBe('12');
  });

  it('refuses alias bombs and aliases without anchors, and keeps the merge key off', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(messageOf(() => parseConfig(bomb))).toMatch(/more than 100 alias expansions/);
    expect(messageOf(() => parseConfig('store: *nowhere\n'))).toMatch(/invalid YAML\n {2}Unresolved alias.*nowhere/);
    expect(messageOf(() => parseConfig('x: &x { store: a.db }\n<<: *x\n'))).toMatch(/Unrecognized key/);
  });

  it('says a folder is not a config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-cfgdir-'));
    expect(messageOf(() => loadConfig(dir))).toBe(`config file ${dir} is a folder or device, not a file`);
  });

  it('checks tenant options with their schema: key path and line, every problem, no value printed', () => {
    const config = parseConfig(
      [
        'tenants:',
        '  - platform: github',
        '    tenant: a',
        '    options:',
        '      token: sekrit-value',
        '      n: 0',
      ].join('\n'),
    );
    const schema = z.object({ token: SecretRef, n: z.number().min(1) }).strict();
    const message = messageOf(() => checkTenantOptions(config, () => schema, 'steward.yaml'));
    expect(message.split('\n')).toEqual([
      'steward.yaml: tenant options are not valid',
      '  tenants[0].options.token (line 5): expected a secret reference: { env: VARIABLE } or { file: /path/to/file } (literal secrets are not accepted)',
      '  tenants[0].options.n (line 6): Too small: expected number to be >=1',
    ]);
    expect(message).not.toContain('sekrit');
    expect(messageOf(() => checkTenantOptions(config, () => undefined, null))).toMatch(
      /tenants\[0\]\.platform \(line 2\): no connector is registered/,
    );
    process.env.STEWARD_TEST_OK = 'v';
    const ok = parseConfig(
      'tenants:\n  - { platform: github, tenant: a, options: { token: { env: STEWARD_TEST_OK }, n: 2 } }\n',
    );
    expect(checkTenantOptions(ok, () => schema, null).get(0)).toEqual({ token: 'v', n: 2 });
  });
});
