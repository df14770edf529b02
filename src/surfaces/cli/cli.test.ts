import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from './context.js';
import { identityId, Identity } from '../../model/index.js';
import { insertSyncRun, openStore, writeIdentities } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';

async function seededStore(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'steward-cli-')), 'inv.db');
  const store = await openStore(file);
  const mk = (n: number, kind: 'deploy_key' | 'secret', name: string) =>
    Identity.parse({
      id: identityId('github', 'acme', kind, n),
      platform: 'github',
      tenant: 'acme',
      kind,
      nativeType: kind,
      nativeId: String(n),
      name,
      createdAt: '2024-03-01T00:00:00Z',
      lastUsedAt: '2026-10-01T00:00:00Z',
      credentials: [
        { id: `cred-${n}`, type: 'ssh_key', createdAt: '2024-03-01T00:00:00Z', fingerprint: `SHA256:${n}` },
      ],
      permissions: [{ nativeName: 'contents:write', access: 'write' }],
    });
  await writeIdentities(
    store,
    [mk(1, 'deploy_key', 'argo-cd'), mk(2, 'secret', 'NPM_TOKEN'), mk(3, 'deploy_key', 'backup')],
    'run-1',
    '2026-11-01T00:00:00.000Z',
  );
  await insertSyncRun(store, {
    id: 'run-1',
    platform: 'github',
    tenant: 'acme',
    startedAt: '2026-11-01T00:00:00.000Z',
    finishedAt: '2026-11-01T00:00:05.000Z',
    status: 'succeeded',
    mode: 'full',
    counts: {
      identities: 3,
      credentials: 3,
      permissions: 3,
      people: 0,
      edges: 0,
      removed: 0,
      appeared: 0,
      quarantined: 0,
    },
    sources: [],
    apiCalls: 12,
    pages: 4,
    retries: 1,
    errors: [],
  });
  await store.close();
  return file;
}

describe('steward CLI', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('inventory filters by kind and text and prints the documented JSON shape', async () => {
    const store = await seededStore();
    const r = await runCli(['--store', store, 'inventory', '--kind', 'deploy_key', '--format', 'json']);
    expect(r.code).toBe(EXIT.ok);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((x) => x.name)).toEqual(['argo-cd', 'backup']);
    for (const key of [
      'id',
      'platform',
      'tenant',
      'kind',
      'name',
      'owner',
      'createdAt',
      'lastUsedAt',
      'credentials',
      'permissions',
    ]) {
      expect(rows[0]).toHaveProperty(key);
    }
    const text = await runCli(['--store', store, 'inventory', '--text', 'NPM', '--format', 'csv']);
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
    expect(text.stdout).toContain('github:acme:secret:2');
    const table = await runCli(['--store', store, 'inventory']);
    expect(table.stdout).toContain('argo-cd');
  });

  it('runs shows sync history with API cost', async () => {
    const store = await seededStore();
    const r = await runCli(['--store', store, 'runs', '--format', 'json']);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ id: 'run-1', apiCalls: 12, retries: 1, status: 'succeeded' });
  });

  it('init writes a config that validates, and refuses to overwrite it', async () => {
    process.chdir(mkdtempSync(join(tmpdir(), 'steward-init-')));
    expect((await runCli(['init'])).code).toBe(EXIT.ok);
    expect(readFileSync('steward.yaml', 'utf8')).toContain('token: { env: GITHUB_TOKEN }');
    const again = await runCli(['init']);
    expect(again.code).toBe(EXIT.usage);
    expect(again.stderr).toContain('steward.yaml already exists');
  });

  it('exits 2 with the key named when the config is invalid, and on unknown options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-badcfg-'));
    const cfg = join(dir, 'steward.yaml');
    writeFileSync(cfg, 'tenants:\n  - platform: github\n    tenant: "bad tenant name"\n');
    const r = await runCli(['--config', cfg, 'inventory']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/tenants\[0\]\.tenant \(line 3\): use letters/);
    expect((await runCli(['inventory', '--format', 'xml'])).code).toBe(EXIT.usage);
    expect((await runCli(['--config', join(dir, 'missing.yaml'), 'runs'])).stderr).toContain('does not exist');
  });

  it('scan without tenants explains how to go on', async () => {
    process.chdir(mkdtempSync(join(tmpdir(), 'steward-empty-')));
    const r = await runCli(['--store', 'x.db', 'scan']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('steward init');
    expect(existsSync('x.db')).toBe(true);
  });
});
