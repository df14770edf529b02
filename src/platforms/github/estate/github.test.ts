import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { allocate } from './generate.js';
import type { GitHubEstateData } from './types.js';
import { genericRisks, type IdentityFacts } from './oracle.js';
import { BUILTIN_RISKS } from '../../registry.js';

const RISK_IDS = new Set(BUILTIN_RISKS.map((r) => r.id));

const GITHUB_RISKS = [
  'github-app-org-wide-sensitive-write',
  'github-deploy-key-write',
  'github-actions-secret-stale',
  'github-pat-no-expiry',
  'github-webhook-insecure',
  'github-dependabot-codespaces-secret-stale',
  'github-runner-group-open',
  'github-oidc-sub-template-broad',
  'github-static-cloud-key-secret',
  'github-secret-leaked',
  'github-secret-leaked-unverified',
];
const gh = (size: number, seed = 5) => generateEstate({ platforms: ['github'], size, seed });

describe('GitHub estate generator', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    expect(JSON.stringify((await gh(200, 9)).labels)).toBe(JSON.stringify((await gh(200, 9)).labels));
    expect(JSON.stringify((await gh(200, 9)).labels)).not.toBe(JSON.stringify((await gh(200, 10)).labels));
  });

  it('allocates exactly the requested count, every type present from 20 NHIs', async () => {
    for (const n of [5, 12, 16, 17, 18, 19, 20, 50, 301, 4000, 400_000]) {
      const a = allocate(n);
      expect(Object.values(a).reduce((x, y) => x + y, 0)).toBe(n);
      if (n >= 20) expect(Object.values(a).every((v) => v >= 1)).toBe(true);
    }
    expect(allocate(400_000).installation).toBeLessThan(400); // App installations do not scale like keys do
  });

  it('labels every NHI once, with catalogue risks and one label per served object', async () => {
    const e = await gh(300);
    const data = e.platforms.github as GitHubEstateData;
    const ids = e.labels.identities.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(300);
    for (const l of e.labels.identities) {
      expect(l.platform).toBe('github');
      expect(l.tenant).toBe(data.org.login);
      for (const r of l.risks) expect(RISK_IDS.has(r)).toBe(true);
      expect(l.permissions).toEqual([...new Set(l.permissions)].sort());
      expect(l.permissionFacts?.map((p) => p.nativeName)).toEqual(l.permissions);
    }
    const served =
      data.installations.length +
      data.credentialAuthorizations.length +
      data.patGrants.length +
      data.patRequests.length +
      data.orgSecrets.length +
      data.orgHooks.length +
      data.dependabotOrgSecrets.length +
      data.codespacesOrgSecrets.length +
      data.runnerGroups.length +
      (data.oidcSubTemplate?.include_claim_keys.length ? 1 : 0) +
      (data.secretScanningAlerts ?? []).filter((a) => a.state === 'open').length +
      data.repos.reduce(
        (a, r) =>
          a +
          r.keys.length +
          r.secrets.length +
          r.hooks.length +
          r.dependabotSecrets.length +
          (r.oidcSub && !r.oidcSub.use_default ? 1 : 0) +
          r.environments.reduce((e, env) => e + env.secrets.length, 0),
        0,
      );
    expect(served).toBe(ids.length);
  });

  it('plants every GitHub risk at size 50 and several times at 300', async () => {
    for (const [size, min] of [
      [50, 1],
      [300, 3],
    ] as const) {
      const risks = (await gh(size)).labels.identities.flatMap((l) => l.risks);
      for (const r of GITHUB_RISKS)
        expect(risks.filter((x) => x === r).length, `${r} @${size}`).toBeGreaterThanOrEqual(min);
      for (const r of [
        'nhi-no-owner',
        'nhi-stale',
        'credential-not-rotated',
        'third-party-high-risk-scopes',
        'unverified-publisher',
      ])
        expect(risks, `${r} @${size}`).toContain(r);
    }
  });

  it('labels permission tiers from its own catalogue: org-wide sensitive write, paths to owner, hook events', async () => {
    const labels = (await gh(300)).labels.identities;
    const facts = (id: string) => labels.find((l) => l.id === id)?.permissionFacts;
    const governance = labels.find((l) => l.risks.includes('github-app-org-wide-sensitive-write'))!;
    expect(governance.permissionFacts).toContainEqual({
      nativeName: 'administration:write',
      access: 'write',
      sensitivity: 'high',
      pathToAdmin: false,
    });
    const writable = labels.find((l) => l.risks.includes('github-deploy-key-write'))!;
    expect(facts(writable.id)).toEqual([
      { nativeName: 'contents:write', access: 'write', sensitivity: 'high', pathToAdmin: false },
    ]);
    const admins = labels.filter((l) => l.permissionFacts?.some((p) => p.pathToAdmin));
    for (const l of admins) expect(l.risks).toContain('nhi-admin-privilege');
    expect(admins.length).toBeGreaterThan(0);
  });

  it('names owners only from org people, and departed owners are labelled as such', async () => {
    const e = await gh(2000);
    const people = new Map(e.labels.people.map((p) => [p.email, p]));
    let departed = 0;
    for (const l of e.labels.identities) {
      if (!l.owner) {
        expect(l.risks).toContain('nhi-no-owner');
        continue;
      }
      const p = people.get(l.owner.email!);
      expect(p, l.id).toBeDefined();
      expect(l.risks.includes('nhi-owner-departed')).toBe(p!.status === 'departed');
      if (p!.status === 'departed') departed++;
    }
    expect(departed).toBeGreaterThan(0);
  });

  it('members are all active people plus some departed ones never removed; removed people hold no SSO credentials', async () => {
    const e = await gh(2000);
    const data = e.platforms.github as GitHubEstateData;
    const members = new Set(data.members.map((m) => m.login));
    for (const p of e.labels.people.filter((x) => x.status === 'active')) expect(members.has(p.login)).toBe(true);
    const departed = e.labels.people.filter((x) => x.status === 'departed');
    expect(departed.some((p) => members.has(p.login)) || departed.length === 0).toBe(true);
    for (const c of data.credentialAuthorizations) expect(members.has(c.login)).toBe(true);
    for (const g of data.patGrants) expect(members.has(g.owner.login)).toBe(true);
  });

  it('scales to large estates (O(n)) with unique ids', async () => {
    const e = await gh(20_000, 3);
    expect(e.labels.identities.length).toBe(20_000);
    const ids = new Set(e.labels.identities.map((l) => l.id));
    expect(ids.size).toBe(e.labels.identities.length);
  });
});

describe('GitHub label oracle (generic risk definitions)', () => {
  const now = '2026-11-01T00:00:00.000Z';
  const base: IdentityFacts = {
    id: 'x',
    tenant: 't',
    kind: 'personal_access_token',
    name: 'n',
    createdAt: '2026-01-01T00:00:00Z',
    lastUsedAt: null,
    usageTracked: true,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions: [],
    owner: { email: 'a@b', source: 'creator', departed: false },
    platformRisks: [],
  };
  it('applies the thresholds exactly', async () => {
    expect(genericRisks(base, now)).toEqual(['nhi-never-used']);
    expect(genericRisks({ ...base, enabled: false }, now)).toEqual([]);
    expect(genericRisks({ ...base, lastUsedAt: '2026-08-01T00:00:00Z' }, now)).toEqual(['nhi-stale']);
    expect(genericRisks({ ...base, lastUsedAt: '2026-10-01T00:00:00Z', owner: null }, now)).toEqual(['nhi-no-owner']);
    const cred = {
      id: 'c',
      type: 'token' as const,
      createdAt: '2025-01-01T00:00:00Z',
      expiresAt: '2026-11-20T00:00:00Z',
      lastUsedAt: null,
      enabled: true,
      supportsExpiry: true,
      fingerprint: null,
    };
    expect(genericRisks({ ...base, lastUsedAt: now, credentials: [cred] }, now)).toEqual([
      'credential-not-rotated',
      'credential-long-lived',
      'credential-expiring',
    ]);
    expect(
      genericRisks(
        {
          ...base,
          lastUsedAt: now,
          credentials: [{ ...cred, createdAt: '2026-10-01T00:00:00Z', expiresAt: '2026-10-31T00:00:00Z' }],
        },
        now,
      ),
    ).toEqual(['credential-expired']);
    expect(
      genericRisks(
        {
          ...base,
          lastUsedAt: now,
          thirdParty: true,
          publisherVerified: false,
          permissions: [{ nativeName: 'contents:write', access: 'write', sensitivity: 'high', pathToAdmin: false }],
        },
        now,
      ),
    ).toEqual(['third-party-high-risk-scopes', 'unverified-publisher']);
    expect(
      genericRisks(
        {
          ...base,
          lastUsedAt: now,
          permissions: [{ nativeName: 'members:write', access: 'write', sensitivity: 'high', pathToAdmin: true }],
        },
        now,
      ),
    ).toEqual(['nhi-admin-privilege']);
  });
});
