import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { GENERIC_RULES } from '../../../analysis/risk/rules/index.js';
import { fixtureViews, NOW } from '../fixtures/index.js';

/**
 * The generic rules Entra data can trigger, on the fixture tenant (fixtures/): which identities each one flags,
 * written from the payloads by hand. Dates are relative to NOW (2026-11-01) and the default thresholds (stale 90
 * days, rotation 365, lifetime 365, expiry warning 30).
 */
const EXPECTED: Record<string, string[]> = {
  // Admin consent (consentType AllPrincipals) of a third-party app.
  'tenant-wide-grant': ['Fabrikam Sign'],
  // publisherName without a verifiedPublisher.
  'unverified-publisher': ['PDF Converter Online'],
  // Delegated Mail.ReadWrite (write × high) to a third-party app.
  'third-party-high-risk-scopes': ['PDF Converter Online'],
  // A secret that ended 2025-01-09.
  'credential-expired': ['legacy-reporting'],
  // A certificate ending 2026-11-20.
  'credential-expiring': ['mailbox-archiver'],
  // The portal's "never" (2299-12-31) end date.
  'credential-long-lived': ['legacy-reporting'],
  // Secrets started 2025-03-01 and 2024-01-10.
  'credential-not-rotated': ['legacy-reporting'],
  // Three application secrets plus one on the service principal.
  'multiple-active-keys': ['legacy-reporting'],
  // The same certificate thumbprint (customKeyIdentifier) on two applications.
  'credential-reused': ['hr-directory-sync', 'mailbox-archiver'],
  // Last sign-in 2026-05-01 and 2026-03-01 per the sign-in activity report.
  'nhi-stale': ['legacy-reporting', 'mi-aks-prod'],
  // Created 2025-01-07 and 2026-05-02, no entry in the sign-in report (usage is tracked).
  'nhi-never-used': ['build-agent', 'support-agent-blueprint'],
  // Directory.ReadWrite.All and the Cloud Application Administrator role, full_access_as_app (admin);
  // Application.ReadWrite.All (path to admin); the Global Administrator role of a managed identity.
  'nhi-admin-privilege': ['hr-directory-sync', 'mailbox-archiver', 'mi-aks-prod', 'func-billing-prod'],
  // No owners (nor, for an agent identity, a sponsor), and no single self-consenting user.
  'nhi-no-owner': ['mailbox-archiver', 'Fabrikam Sign', 'mi-aks-prod', 'func-billing-prod', 'orphan-agent'],
  // Bob, the only user who consented to it, left (disabled with an employeeLeaveDateTime).
  'nhi-owner-departed': ['PDF Converter Online'],
  // Graph gives no interactive-use evidence for service principals.
  'nhi-interactive': [],
  'nhi-used-by-human': [],
};

describe('generic rules on transformed Graph payloads', () => {
  const hits = evaluateViews(fixtureViews(), { now: NOW, rules: GENERIC_RULES });

  it('covers every generic rule', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(GENERIC_RULES.map((r) => r.meta.id).sort());
  });

  for (const [id, names] of Object.entries(EXPECTED)) {
    it(`${id} flags exactly ${names.length ? names.join(', ') : 'nothing'}`, () => {
      expect(hits.filter((h) => h.rule.id === id).map((h) => h.identity.name)).toEqual(names);
    });
  }

  it('says where each fact came from', () => {
    const stale = hits.find((h) => h.rule.id === 'nhi-stale' && h.identity.name === 'mi-aks-prod');
    expect(stale?.evidence[0].source).toContain('per servicePrincipalSignInActivities');
    const grant = hits.find((h) => h.rule.id === 'tenant-wide-grant');
    expect(grant?.evidence.map((e) => e.value)).toEqual(['openid', 'profile', 'User.Read']);
  });
});
