import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-app-instance-lock-off.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('entra-app-instance-lock-off on transformed Graph payloads', () => {
  it('fires on multi-tenant apps with no lock, or a lock that leaves client credentials open', () => {
    const hits = hitsOn(['legacy-reporting', 'mailbox-archiver']);
    expect(hits.map((h) => [h.identity.name, h.rule.severity, h.evidence[0].source])).toEqual([
      [
        'mailbox-archiver',
        'medium',
        'signInAudience AzureADandPersonalMicrosoftAccount; servicePrincipalLockConfiguration does not lock credentialsWithUsageVerify per GET /applications',
      ],
      [
        'legacy-reporting',
        'medium',
        'signInAudience AzureADMultipleOrgs; servicePrincipalLockConfiguration does not lock credentialsWithUsageVerify per GET /applications',
      ],
    ]);
  });

  it('stays silent on a multi-tenant app locked for credentials, a single-tenant app and third-party principals', () => {
    // build-agent: locked (credentialsWithUsageVerify); hr-directory-sync: single-tenant, no lock needed;
    // Fabrikam Sign: registered in another tenant, whose lock this tenant cannot read.
    expect(hitsOn(['build-agent', 'hr-directory-sync', 'Fabrikam Sign'])).toEqual([]);
  });
});
