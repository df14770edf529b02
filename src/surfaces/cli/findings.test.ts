import { BUILTIN_RULES } from '../../platforms/registry.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import { StewardConfig } from '../../config/schema.js';
import { fixedClock } from '../../lib/clock.js';
import { Identity } from '../../model/index.js';
import { openStore, writeIdentities, writePeople } from '../../store/index.js';
import { runRiskAnalysis } from '../../analysis/risk/index.js';

const dir = mkdtempSync(join(tmpdir(), 'steward-risk-cli-'));
const storeFile = join(dir, 'steward.db');
const NOW = '2026-11-01T00:00:00.000Z';

async function steward(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    process.exitCode = undefined;
    const code = await main(['node', 'steward', '--store', storeFile, ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

beforeAll(async () => {
  process.env.STEWARD_NOW = NOW;
  const store = await openStore(storeFile);
  const ids = [
    Identity.parse({
      id: 'aws:111122223333:root:111122223333',
      platform: 'aws',
      tenant: '111122223333',
      kind: 'service_account',
      nativeType: 'root',
      nativeId: '111122223333',
      name: 'root',
      credentials: [{ id: 'k1', type: 'access_key', createdAt: '2019-01-01T00:00:00Z' }],
      permissions: [{ nativeName: '*', resource: '*', access: 'admin' }],
    }),
    Identity.parse({
      id: 'github:acme:deploy_key:1',
      platform: 'github',
      tenant: 'acme',
      kind: 'deploy_key',
      nativeType: 'deploy_key',
      nativeId: '1',
      name: 'ci key',
      attributes: { readOnly: false },
    }),
  ];
  await writeIdentities(store, ids, 'run-1', NOW);
  await writePeople(
    store,
    [
      {
        id: 'github:acme:person:1',
        source: 'github',
        tenant: 'acme',
        nativeId: '1',
        email: 'a@acme.test',
        name: null,
        login: 'a',
        status: 'active',
        departedAt: null,
        managerEmail: null,
        team: null,
        department: null,
        attributes: {},
      },
    ],
    'run-1',
    NOW,
  );
  await runRiskAnalysis(store, {
    config: StewardConfig.parse({}),
    clock: fixedClock(NOW),
    builtinRules: BUILTIN_RULES,
  });
  await store.close();
});
afterEach(() => vi.restoreAllMocks());

describe('steward findings / rules / report', () => {
  it('lists open findings with filters, as JSON and CSV', async () => {
    const all = await steward('findings', '--format', 'json');
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.out) as Array<{ id: string; severity: string }>;
    expect(rows.map((r) => r.id)).toContain('aws-root-access-key|aws:111122223333:root:111122223333');
    expect(rows[0].severity).toBe('critical');
    const crit = JSON.parse(
      (await steward('findings', '--format', 'json', '--severity-min', 'critical')).out,
    ) as Array<{ severity: string }>;
    expect(crit.length).toBeGreaterThan(0);
    expect(crit.every((r) => r.severity === 'critical')).toBe(true);
    const gh = JSON.parse(
      (await steward('findings', '--format', 'json', '--platform', 'github', '--rule', 'github-deploy-key-write')).out,
    ) as Array<{ id: string }>;
    expect(gh.map((r) => r.id)).toEqual(['github-deploy-key-write|github:acme:deploy_key:1']);
    const csv = (await steward('findings', '--format', 'csv', '--identity', 'github:acme:deploy_key:1')).out;
    expect(csv.split('\n')[0]).toBe(
      'severity,identity,owner,rule,finding id,status,first seen,last seen,evidence,identity id',
    );
    expect(csv).toContain('github-deploy-key-write');
  });

  it('exports SARIF with every rule and OCSF events', async () => {
    const sarif = JSON.parse((await steward('findings', '--format', 'sarif')).out) as {
      runs: Array<{ tool: { driver: { rules: unknown[] } }; results: unknown[] }>;
    };
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(BUILTIN_RULES.length);
    expect(sarif.runs[0].results.length).toBeGreaterThan(2);
    const ocsf = JSON.parse((await steward('findings', '--format', 'ocsf')).out) as Array<{ class_uid: number }>;
    expect(ocsf.every((e) => e.class_uid === 2004)).toBe(true);
  });

  it('suppresses by rule and identity, then hides it from the default listing', async () => {
    const bad = await steward('findings', 'suppress', '--reason', 'x', '--by', 'me');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('name the finding');
    const r = await steward(
      'findings',
      'suppress',
      '--rule',
      'github-deploy-key-write',
      '--identity',
      'github:acme:deploy_key:1',
      '--reason',
      'mirror needs push',
      '--by',
      'alice',
      '--until',
      '2027-01-31',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'suppressed github-deploy-key-write|github:acme:deploy_key:1 until 2027-01-31T23:59:59.999Z',
    );
    const open = JSON.parse((await steward('findings', '--format', 'json', '--platform', 'github')).out) as Array<{
      ruleId: string;
    }>;
    expect(open.map((f) => f.ruleId)).not.toContain('github-deploy-key-write');
    const sup = JSON.parse((await steward('findings', '--format', 'json', '--status', 'suppressed')).out) as Array<{
      suppression: { by: string };
    }>;
    expect(sup[0].suppression.by).toBe('alice');
    expect((await steward('findings', 'suppress', 'nope|x', '--reason', 'r', '--by', 'b')).err).toContain(
      'no finding with id "nope|x"',
    );
  });

  it('lists the pack with platforms and data requirements, and custom rules from rules.dir', async () => {
    const table = await steward('rules');
    expect(table.out).toContain('aws-root-access-key');
    expect(table.out).toContain('data requirement');
    const rulesDir = join(dir, 'rules');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(rulesDir, { recursive: true });
    writeFileSync(
      join(rulesDir, 'x.yaml'),
      'id: acme-x\ntitle: X rule\nseverity: low\ndescription: d\nowasp: NHI1:2025\ndataRequirement: nothing special\ncondition: identity.enabled\n',
    );
    const cfg = join(dir, 'steward.yaml');
    writeFileSync(cfg, `rules:\n  dir: ${rulesDir}\n  disabled: [nhi-stale]\n`);
    const json = JSON.parse((await steward('--config', cfg, 'rules', '--format', 'json')).out) as {
      rules: Array<{ id: string; origin: string; enabled: boolean; platforms: unknown }>;
    };
    expect(json.rules).toHaveLength(BUILTIN_RULES.length + 1); // + acme-x
    expect(json.rules.find((r) => r.id === 'acme-x')).toMatchObject({ enabled: true, platforms: 'all' });
    expect(json.rules.find((r) => r.id === 'nhi-stale')).toMatchObject({ enabled: false, origin: 'built-in' });
    writeFileSync(
      join(rulesDir, 'x.yaml'),
      'id: acme-x\ntitle: X rule\nseverity: low\ndescription: d\nowasp: NHI1:2025\ndataRequirement: nothing special\ncondition: identity.enabled &&\n',
    );
    const broken = await steward('--config', cfg, 'rules');
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/x\.yaml:7: condition is not valid CEL/);
  });

  it('writes one self-contained HTML report', async () => {
    const file = join(dir, 'report.html');
    const r = await steward('report', '--html', file);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('NHI : human ratio per tenant');
    expect(html).toContain('Top risky identities (fix first)');
    expect(html).toContain('aws:111122223333:root:111122223333');
    expect(html).toContain('NHI5 Overprivileged NHI');
    // Nothing is fetched: no external scripts, styles, images or fonts.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });
});
