import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawKeeper } from './keep-raw.js';

describe('--keep-raw captures', () => {
  it.skipIf(process.platform === 'win32')('are written owner-only: folders 0700, files 0600', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'steward-raw-')), 'raw');
    const keep = rawKeeper(dir, 'github', 'acme/corp', 'run-1');
    keep('org hooks', { id: 1, name: 'x' });
    keep('org hooks', { id: 2 });
    const mode = (p: string) => statSync(p).mode & 0o777;
    for (const folder of [
      dir,
      join(dir, 'github'),
      join(dir, 'github', 'acme_corp'),
      join(dir, 'github', 'acme_corp', 'run-1'),
    ])
      expect(mode(folder).toString(8), folder).toBe('700');
    const file = join(dir, 'github', 'acme_corp', 'run-1', 'org_hooks.jsonl');
    expect(mode(file).toString(8)).toBe('600');
    expect(readFileSync(file, 'utf8')).toBe('{"id":1,"name":"x"}\n{"id":2}\n');
  });

  it('writes nothing without a folder', () => {
    expect(() => rawKeeper(undefined, 'github', 'acme', 'run-1')('r', {})).not.toThrow();
  });
});
