import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { BUILTIN_RISKS } from '../../registry.js';

const RISK_IDS = new Set(BUILTIN_RISKS.map((r) => r.id));
import { awsAccountSizes, githubRefs, type AwsEstateData, type AwsIdentityLabel } from './index.js';
import { AwsLabelOracle } from './oracle.js';

const awsLabels = async (size: number, seed = 3) => {
  const estate = await generateEstate({ seed, size, platforms: ['aws'] });
  return {
    estate,
    data: estate.platforms.aws as AwsEstateData,
    labels: estate.labels.identities.filter((l) => l.platform === 'aws') as AwsIdentityLabel[],
  };
};

describe('AWS estate', () => {
  it('is deterministic for a seed', async () => {
    expect(JSON.stringify((await awsLabels(150, 9)).labels)).toBe(JSON.stringify((await awsLabels(150, 9)).labels));
    expect(JSON.stringify((await awsLabels(150, 9)).labels)).not.toBe(
      JSON.stringify((await awsLabels(150, 10)).labels),
    );
  });

  it('plants every aws-* risk and the relevant generic risks several times, even in a small estate', async () => {
    const { labels } = await awsLabels(30);
    const count = (id: string) => labels.filter((l) => l.risks.includes(id)).length;
    // aws-unused-services needs the option serviceLastAccessed, off in a default estate (its own test below).
    for (const r of BUILTIN_RISKS.filter((x) => Array.isArray(x.platforms) && x.platforms.includes('aws'))) {
      if (r.id === 'aws-unused-services') expect(count(r.id)).toBe(0);
      else expect(count(r.id), r.id).toBeGreaterThanOrEqual(r.id === 'aws-root-access-key' ? 1 : 2);
    }
    for (const id of [
      'nhi-stale',
      'nhi-never-used',
      'credential-not-rotated',
      'multiple-active-keys',
      'nhi-interactive',
      'nhi-used-by-human',
      'nhi-admin-privilege',
      'nhi-no-owner',
      'nhi-owner-departed',
    ]) {
      expect(count(id), id).toBeGreaterThanOrEqual(2);
    }
    for (const l of labels) for (const r of l.risks) expect(RISK_IDS.has(r), r).toBe(true);
  });

  it('labels hold what the definitions say (spot checks of the oracle)', async () => {
    const { labels, estate, data } = await awsLabels(200);
    const now = Date.parse(estate.now);
    const byName = (n: string, tenant = '111122223333') => labels.find((l) => l.name === n && l.tenant === tenant)!;
    expect(byName('svc-legacy-deploy').risks).toEqual(
      expect.arrayContaining([
        'aws-admin-user-access-key',
        'credential-not-rotated',
        'nhi-admin-privilege',
        'nhi-no-owner',
      ]),
    );
    expect(byName('svc-two-keys').risks).toContain('multiple-active-keys');
    expect(byName('svc-console-user').risks).toEqual(expect.arrayContaining(['nhi-interactive', 'nhi-used-by-human']));
    expect(byName('svc-console-dormant').risks).toContain('nhi-interactive');
    expect(byName('svc-console-dormant').risks).not.toContain('nhi-used-by-human');
    expect(byName('svc-lambda-deployer').risks).toContain('aws-privilege-escalation');
    expect(byName('svc-star-star').permissions).toEqual(['*:*']);
    expect(byName('svc-iam-put').permissions).not.toContain('*'); // only the default policy version counts
    expect(byName('gha-any-repo').risks).toContain('aws-oidc-trust-without-sub');
    expect(byName('legacy-partner-access').risks).toContain('aws-cross-account-no-external-id');
    expect(byName('datadog-integration').risks).not.toContain('aws-cross-account-no-external-id');
    expect(byName('same-account-breakglass').risks).not.toContain('aws-cross-account-no-external-id');
    expect(byName('root').risks).toContain('aws-root-access-key');
    expect(labels.find((l) => l.name === 'root' && l.tenant === '444455556666')).toBeUndefined();
    for (const l of labels) {
      if (l.risks.includes('nhi-stale')) expect(now - Date.parse(l.lastUsedAt!)).toBeGreaterThan(90 * 86_400_000);
      if (l.risks.includes('multiple-active-keys'))
        expect(l.credentials.filter((c) => c.enabled).length).toBeGreaterThanOrEqual(2);
      expect(l.permissions).toEqual([...new Set(l.permissions)].sort());
      expect(l.owner === null || l.owner.source === 'tag').toBe(true);
    }
    // Service-specific credentials: a Bedrock key without expiry, an old CodeCommit password; a short-lived key is fine.
    expect(byName('svc-bedrock-agent').risks).toEqual(
      expect.arrayContaining(['aws-service-credential-no-expiry', 'credential-long-lived', 'credential-expired']),
    );
    expect(byName('svc-codecommit-mirror').risks).toEqual(
      expect.arrayContaining(['aws-service-credential-no-expiry', 'credential-not-rotated']),
    );
    expect(byName('BedrockAPIKey-r7k2').risks).not.toContain('aws-service-credential-no-expiry');
    expect(byName('svc-bedrock-agent').enabled).toBe(true); // no access key, no password: its API key enables it
    // SSH public keys and a signing certificate are planted on key-less users, but a default scan (userKeyLists off)
    // cannot see them: the labels carry neither them nor the `enabled` they would give.
    expect(data.userKeyLists).toBe(false);
    const account = data.accounts.find((a) => a.accountId === '111122223333')!;
    const planted = (n: string) => account.users.find((u) => u.userName === n)!;
    expect(planted('svc-codecommit-deploy').sshPublicKeys.map((k) => k.status)).toEqual(['Active', 'Inactive']);
    expect(planted('svc-legacy-signer').signingCertificates.map((c) => c.status)).toEqual(['Active']);
    for (const n of ['svc-codecommit-deploy', 'svc-legacy-signer'])
      expect({ credentials: byName(n).credentials, enabled: byName(n).enabled }, n).toEqual({
        credentials: [],
        enabled: false,
      });
    // GitHub trusts: a wildcard owner is open, a repository_id condition (2026 provider-specific key) is not.
    expect(byName('gha-wildcard-owner').risks).toContain('aws-oidc-trust-without-sub');
    expect(byName('gha-repository-id').risks).not.toContain('aws-oidc-trust-without-sub');
    // Identity providers are identities: owned through tags (OIDC), never owned (SAML: no tags in ListSAMLProviders).
    const providers = labels.filter(
      (l) => l.aws.nativeType === 'oidc_provider' || l.aws.nativeType === 'saml_provider',
    );
    expect(providers.map((l) => `${l.tenant} ${l.aws.nativeType} ${l.name}`).sort()).toEqual([
      '111122223333 oidc_provider oidc.eks.us-east-1.amazonaws.com/id/A1B2C3D4E5F60718293A4B5C6D7E8F90',
      '111122223333 oidc_provider token.actions.githubusercontent.com',
      '111122223333 saml_provider AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE',
      '111122223333 saml_provider okta',
      '444455556666 oidc_provider oidc.eks.us-east-1.amazonaws.com/id/0F9E8D7C6B5A49382716F5E4D3C2B1A0',
      '444455556666 oidc_provider token.actions.githubusercontent.com',
      '444455556666 saml_provider AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE',
      '444455556666 saml_provider okta',
    ]);
    for (const p of providers) expect(p.risks).toEqual(p.owner ? [] : ['nhi-no-owner']);
    // Every federating NHI role has a trusts_provider edge to a provider of its account.
    const providerIds = new Set(providers.map((p) => p.id));
    const providerEdges = estate.labels.edges.filter((e) => e.kind === 'trusts_provider');
    expect(providerEdges.length).toBeGreaterThan(0);
    for (const e of providerEdges) expect(providerIds.has(e.to), e.to).toBe(true);
    // SAML sign-in roles and console-only users are served but are not NHIs.
    expect(labels.some((l) => l.name.startsWith('AWSReservedSSO_'))).toBe(false);
  });

  it('emits trusts_oidc edges to GitHub repositories and orgs, using the GitHub estate when present', async () => {
    const { estate } = await awsLabels(200);
    const edges = estate.labels.edges.filter((e) => e.from.startsWith('aws:') && e.kind === 'trusts_oidc');
    expect(edges.some((e) => /^github:acme-corp:repository:acme-corp\/[\w.-]+$/.test(e.to))).toBe(true);
    expect(edges.some((e) => e.to === 'github:acme-corp:organization:acme-corp')).toBe(true);
    expect(edges.every((e) => e.to.startsWith('github:'))).toBe(true);
    expect(githubRefs({ org: { login: 'octo' }, repos: [{ name: 'r1' }, { full_name: 'octo/r2' }] })).toEqual({
      org: 'octo',
      repos: ['r1', 'r2'],
    });
  });

  it('points OIDC trusts at repositories of the GitHub estate generated before it', async () => {
    const estate = await generateEstate({ seed: 4, size: 300, platforms: ['github', 'aws'] });
    const gh = estate.platforms.github as { org?: { login?: string }; repos?: Array<{ name: string }> } | undefined;
    if (!gh?.org?.login || !gh.repos?.length) return expect(gh).toBeUndefined(); // GitHub generator not registered
    const org = gh.org.login;
    const repos = new Set(gh.repos.map((r) => `github:${org}:repository:${org}/${r.name}`));
    const edges = estate.labels.edges.filter((e) => e.from.startsWith('aws:') && e.kind === 'trusts_oidc');
    expect(edges.length).toBeGreaterThan(0);
    for (const e of edges) expect(repos.has(e.to) || e.to === `github:${org}:organization:${org}`, e.to).toBe(true);
  });

  it('scales linearly: the NHI count follows the requested size', async () => {
    const { labels, data } = await awsLabels(20_000);
    expect(labels.length).toBeGreaterThan(18_000);
    expect(labels.length).toBeLessThan(21_000);
    const s = awsAccountSizes(data, '111122223333');
    expect(s.users + s.roles).toBeGreaterThan(labels.filter((l) => l.tenant === '111122223333').length);
  });

  it('labels aws-unused-services with serviceLastAccessed on: exactly the planted roles and user old enough', async () => {
    const { data, estate } = await awsLabels(400);
    const on = { ...data, serviceLastAccessed: true };
    const oracle = new AwsLabelOracle(on, {
      now: new Date(estate.now),
      departedEmails: new Set(),
      accountIds: new Set(),
    });
    const prod = on.accounts[0];
    const risky = [
      ...prod.users.filter((u) => !AwsLabelOracle.isHumanUser(u)).map((u) => oracle.userLabel(prod, u)),
      ...prod.roles.filter((r) => !AwsLabelOracle.isHumanRole(r)).map((r) => oracle.roleLabel(prod, r)),
    ].filter((l) => l.risks.includes('aws-unused-services'));
    const planted = [...prod.users, ...prod.roles].filter(
      (p) => p.serviceUse && (p.serviceUse.othersDaysAgo === null || p.serviceUse.othersDaysAgo >= 90),
    );
    expect(risky.length).toBeGreaterThanOrEqual(2);
    // Every label is a planted principal (the unplanted used all their services 2 days ago); a 30-day one is not.
    const names = new Set(planted.map((p) => ('userName' in p ? p.userName : p.roleName)));
    for (const l of risky) expect(names.has(l.name), l.name).toBe(true);
    const recent = prod.roles.find((r) => r.serviceUse?.othersDaysAgo === 30)!;
    expect(oracle.roleLabel(prod, recent).risks).not.toContain('aws-unused-services');
    // The dev account plants none.
    expect([...on.accounts[1].users, ...on.accounts[1].roles].some((p) => p.serviceUse)).toBe(false);
  });
});
