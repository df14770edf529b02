import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from './load.js';
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
