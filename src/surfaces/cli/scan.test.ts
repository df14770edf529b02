import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from './context.js';
import { BUILTIN_RULES } from '../../platforms/registry.js';
import { generateEstate } from '../../emulation/estate/index.js';
import { startEmulatedEstate, type EmulatedEstate } from '../../emulation/start.js';
import { runCli } from '../../testing/cli.js';
import { connectorFor } from '../../platforms/registry.js';
import { deferIndexesOfEmptyTables, openStore, type Store } from '../../store/index.js';

/** The store's index names; a freshly migrated store's are the oracle. */
async function indexNames(file: string): Promise<string[]> {
  const store: Store = await openStore(file);
  try {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(store.db);
    return rows.rows.map((r) => r.name).sort();
  } finally {
    await store.close();
  }
}

/** `steward scan` against emulated tenants: the CI gate, SARIF on stdout, and a failing tenant among good ones. */
const estate = await generateEstate({
  size: 150,
  seed: 11,
  platforms: ['github', 'aws'],
  now: new Date().toISOString(),
});

describe('steward scan', () => {
  let emulated: EmulatedEstate;
  let dir: string;

  beforeAll(async () => {
    emulated = await startEmulatedEstate(estate);
    for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
    dir = mkdtempSync(join(tmpdir(), 'steward-scan-'));
  });
  afterAll(async () => emulated?.close());

  it('--fail-on high exits 1 and --format sarif prints a SARIF log of the open findings', async () => {
    const cfg = join(dir, 'steward.yaml');
    writeFileSync(cfg, stringify({ store: join(dir, 'a.db'), tenants: emulated.tenants }));
    const r = await runCli(['--config', cfg, 'scan', '--fail-on', 'high', '--format', 'sarif']);
    expect(r.code).toBe(EXIT.findings);
    // The gate says why it trips: which severity, how many, on stderr (stdout is the SARIF log).
    expect(r.stderr).toMatch(
      /steward: --fail-on high: \d+ open findings? at or above high \((\d+ critical, )?\d+ high\); exit 1/,
    );
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string }>; tool: { driver: { rules: unknown[] } } }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(BUILTIN_RULES.length);
    const planted = new Set(estate.labels.identities.flatMap((l) => l.risks));
    const reported = new Set(sarif.runs[0].results.map((x) => x.ruleId));
    for (const risk of planted) expect(reported.has(risk), risk).toBe(true);
  });

  it('exits 3 when one tenant fails, after storing what the others found', async () => {
    const cfg = join(dir, 'partial.yaml');
    const tenants = emulated.tenants.map((t) =>
      t.platform === 'github' ? { ...t, options: { ...t.options, token: { env: 'STEWARD_WRONG_TOKEN' } } } : t,
    );
    process.env.STEWARD_WRONG_TOKEN = 'ghp_wrongwrongwrongwrongwrongwrongwrong1';
    writeFileSync(cfg, stringify({ store: join(dir, 'b.db'), tenants }));
    const r = await runCli(['--config', cfg, 'scan']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toMatch(/github:acme-corp: failed/);
    expect(r.stderr).not.toContain('ghp_wrongwrong');
    const inv = await runCli(['--config', cfg, 'inventory', '--format', 'json']);
    const platforms = new Set((JSON.parse(inv.stdout) as Array<{ platform: string }>).map((x) => x.platform));
    expect([...platforms]).toEqual(['aws']);
  });

  it('says so when no tenant could be scanned at all (exit 3)', async () => {
    const cfg = join(dir, 'none.yaml');
    const tenants = emulated.tenants
      .filter((t) => t.platform === 'github')
      .map((t) => ({ ...t, options: { ...t.options, token: { env: 'STEWARD_WRONG_TOKEN' } } }));
    process.env.STEWARD_WRONG_TOKEN = 'ghp_wrongwrongwrongwrongwrongwrongwrong1';
    writeFileSync(cfg, stringify({ store: join(dir, 'n.db'), tenants }));
    const r = await runCli(['--config', cfg, 'scan']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toContain('no tenant could be scanned (1 of 1 failed); nothing stored was changed.');
  });

  it('a 403 on one optional source: exit 4, the run partial, `runs show` names source, endpoint and permission, nothing lost', async () => {
    const cfg = join(dir, 'forbidden.yaml');
    writeFileSync(cfg, stringify({ store: join(dir, 'f.db'), tenants: emulated.tenants }));
    const first = await runCli(['--config', cfg, 'scan']);
    expect(first.code).toBe(EXIT.ok);
    // A severity summary closes every scan; no --fail-on, no gate message.
    expect(first.stdout).toMatch(/\nopen findings: \d+ \(\d+ critical, \d+ high, \d+ medium, \d+ low, \d+ info\)\n/);
    expect(first.stderr).not.toContain('--fail-on');
    const secrets = async () =>
      (
        JSON.parse((await runCli(['--config', cfg, 'inventory', '--format', 'json'])).stdout) as Array<{
          nativeType: string;
        }>
      ).filter((i) => i.nativeType === 'org_secret').length;
    const before = await secrets();
    expect(before).toBeGreaterThan(0);

    const endpoint = 'GET /orgs/{org}/actions/secrets';
    const spec = connectorFor('github')?.sources.find((s) => s.endpoints.includes(endpoint));
    for (const started of emulated.started) started.emulator.faults.set({ endpoints: [{ endpoint, fault: '403' }] });
    try {
      const r = await runCli(['--config', cfg, 'scan']);
      expect(r.code).toBe(EXIT.partial);
      expect(r.stdout).toMatch(/\n1 of \d+ tenant scans were partial: /);
      expect(r.stdout).toContain(' 0 resolved,');
    } finally {
      for (const started of emulated.started) started.emulator.faults.reset();
    }
    expect(await secrets()).toBe(before);
    const runs = JSON.parse((await runCli(['--config', cfg, 'runs', '--format', 'json'])).stdout) as Array<{
      id: string;
      platform: string;
      status: string;
    }>;
    const latest = runs.find((x) => x.platform === 'github');
    expect(latest?.status).toBe('partial');
    const shown = await runCli(['--config', cfg, 'runs', 'show', String(latest?.id)]);
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.stdout).toContain(`github:acme-corp partial (full)`);
    expect(shown.stdout).toMatch(new RegExp(`${spec?.id}\\s.*\\sskipped\\s`));
    expect(shown.stdout).toContain(`${endpoint} answered HTTP 403`);
    expect(shown.stdout).toContain(`needs: ${String(spec?.permission).slice(0, 40)}`);
    expect(shown.stdout).toContain('gone (0):');
    const unknown = await runCli(['--config', cfg, 'runs', 'show', 'no-such-run']);
    expect(unknown.code).toBe(EXIT.usage);
  });

  it('a first scan loads its empty tables without their API indexes and ends with every index of a migrated store', async () => {
    const migrated = await indexNames(join(dir, 'fresh.db'));
    const cfg = join(dir, 'indexes.yaml');
    const file = join(dir, 'indexes.db');
    writeFileSync(cfg, stringify({ store: file, tenants: emulated.tenants }));
    const r = await runCli(['--config', cfg, '--verbose', 'scan']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/built 5 indexes after loading empty tables/);
    expect(await indexNames(file)).toEqual(migrated);

    // A scan stopped before it could build them: `steward migrate` does.
    const store = await openStore(file);
    await store.db.deleteFrom('credentials').execute();
    expect(await deferIndexesOfEmptyTables(store, { credentials: ['credentials_fingerprint'] })).toEqual([
      'credentials_fingerprint',
    ]);
    await store.close();
    const m = await runCli(['--config', cfg, 'migrate']);
    expect(m.stdout).toContain('built 1 indexes a stopped scan left unbuilt: credentials_fingerprint');
    expect(await indexNames(file)).toEqual(migrated);
  });
});
