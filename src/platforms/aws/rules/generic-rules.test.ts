import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { GENERIC_RULES } from '../../../analysis/risk/rules/index.js';
import type { IdentityInput } from '../../../model/index.js';
import type { IdentityView } from '../../../store/index.js';
import { view } from '../../../testing/views.js';
import { FIXTURE_NOW, fixtureIdentities } from '../fixtures/index.js';

/**
 * The generic rules on exactly what the AWS transforms emit (../fixtures). Ownership resolution is simulated: an
 * identity with an owner/team tag gets that owner, active unless a case says otherwise.
 */
const withOwner = (i: IdentityInput, status = 'active'): IdentityView => {
  const claim = i.ownerClaims?.[0];
  return view({ ...i, owner: claim ? { personId: `person:${claim.ref}`, source: claim.source, status } : null });
};
const firing = (ruleId: string, views: IdentityView[] = fixtureIdentities().map((i) => withOwner(i))) => {
  const rule = GENERIC_RULES.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`no generic rule ${ruleId}`);
  return evaluateViews(views, { now: FIXTURE_NOW, rules: [rule] })
    .map((h) => h.identity.name)
    .sort();
};

describe('generic rules on AWS data', () => {
  it('nhi-stale: an enabled user whose key was last used in March, a role last used in June (not the disabled user)', () => {
    expect(firing('nhi-stale')).toEqual(['legacy-sync', 'ops-jump']);
  });

  it('nhi-never-used: the user whose key the credential report shows as never used (N/A)', () => {
    expect(firing('nhi-never-used')).toEqual(['unused-etl']);
  });

  it('credential-not-rotated: active keys created more than rotationDays ago (the old inactive key does not count)', () => {
    // legacy-sync: its CodeCommit password is 609 days old, its signing certificate 600, its SSH key 518 (reporting-bot's SSH key is 273
    // days old, break-glass's old one inactive).
    expect(firing('credential-not-rotated')).toEqual(['ci-deployer', 'legacy-sync', 'root']);
    const rule = GENERIC_RULES.find((r) => r.meta.id === 'credential-not-rotated')!;
    const hits = evaluateViews(
      fixtureIdentities().map((i) => withOwner(i)),
      { now: FIXTURE_NOW, rules: [rule] },
    );
    const legacy = hits.find((h) => h.identity.name === 'legacy-sync')!;
    expect(legacy.evidence.map((e) => e.value)).toContain('2024-06-01T09:30:00.000Z');
    expect(legacy.evidence.some((e) => e.source.startsWith('ssh_key created 2024-06-01'))).toBe(true);
    // ... and its signing certificate, uploaded 2024-03-10.
    expect(legacy.evidence.some((e) => e.source.startsWith('certificate created 2024-03-10'))).toBe(true);
  });

  it('multiple-active-keys: the user with both key slots active', () => {
    expect(firing('multiple-active-keys')).toEqual(['reporting-bot']);
  });

  it('nhi-interactive and nhi-used-by-human: a console password on a user with a key, and root signing in', () => {
    expect(firing('nhi-interactive')).toEqual(['ops-console', 'root']);
    expect(firing('nhi-used-by-human')).toEqual(['ops-console', 'root']);
  });

  it('nhi-admin-privilege: admin policies (direct, through a group, root) and paths to admin', () => {
    expect(firing('nhi-admin-privilege')).toEqual([
      'break-glass',
      'ci-deployer',
      'lambda-deployer',
      'legacy-sync',
      'ops-jump',
      'root',
    ]);
  });

  it('nhi-no-owner and nhi-owner-departed: no owner/team tag (root, unused-etl); a departed tagged owner', () => {
    // Identity providers without owner tags too: the EKS issuer, and SAML providers (ListSAMLProviders has no tags).
    expect(firing('nhi-no-owner')).toEqual([
      'AWSSSO_0123456789abcdef_DO_NOT_DELETE',
      'oidc.eks.us-east-1.amazonaws.com/id/5C6D7E8F90A1B2C3D4E5F60718293A4B',
      'okta',
      'root',
      'unused-etl',
    ]);
    const views = fixtureIdentities().map((i) => withOwner(i, i.name === 'vendor-audit' ? 'departed' : 'active'));
    expect(firing('nhi-owner-departed', views)).toEqual(['vendor-audit']);
  });

  it('credential-long-lived: the Bedrock API key created without an expiry (access keys support none)', () => {
    expect(firing('credential-long-lived')).toEqual(['reporting-bot']);
  });

  it('rules AWS data cannot trigger: nothing expired or expiring, third party or tenant-wide', () => {
    for (const id of [
      'credential-expired',
      'credential-expiring',
      'third-party-high-risk-scopes',
      'unverified-publisher',
      'tenant-wide-grant',
    ])
      expect(firing(id), id).toEqual([]);
  });
});
