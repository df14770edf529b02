import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule as medium } from './entra-risky-service-principal-medium.js';
import { rule as critical } from './entra-risky-service-principal.js';
import { riskTier } from './risky-service-principal.js';

const hits = (names: string[], rules = [critical, medium]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules },
  ).map((h) => [h.identity.name, h.rule.id, h.rule.severity, h.evidence]);

describe('entra-risky-service-principal(-medium) on transformed Identity Protection payloads', () => {
  it('critical for high risk at risk, and for an admin-confirmed compromise whatever the level', () => {
    expect(hits(['Fabrikam Sign', 'hr-directory-sync'])).toEqual([
      [
        'hr-directory-sync',
        'entra-risky-service-principal',
        'critical',
        [
          {
            field: 'attributes.riskLevel',
            value: 'medium',
            source: 'per GET /identityProtection/riskyServicePrincipals',
          },
          {
            field: 'attributes.riskState',
            value: 'confirmedCompromised',
            source: 'Identity Protection since 2026-10-28 (adminConfirmedServicePrincipalCompromised)',
          },
        ],
      ],
      [
        'Fabrikam Sign',
        'entra-risky-service-principal',
        'critical',
        [
          {
            field: 'attributes.riskLevel',
            value: 'high',
            source: 'per GET /identityProtection/riskyServicePrincipals',
          },
          { field: 'attributes.riskState', value: 'atRisk', source: 'Identity Protection since 2026-10-20' },
        ],
      ],
    ]);
  });

  it('high for medium risk at risk (the managed identity)', () => {
    expect(hits(['mi-aks-prod'])).toEqual([
      [
        'mi-aks-prod',
        'entra-risky-service-principal-medium',
        'high',
        [
          {
            field: 'attributes.riskLevel',
            value: 'medium',
            source: 'per GET /identityProtection/riskyServicePrincipals',
          },
          { field: 'attributes.riskState', value: 'atRisk', source: 'Identity Protection since 2026-10-30' },
        ],
      ],
    ]);
  });

  it('silent on remediated high risk, low risk, and principals Identity Protection did not rate', () => {
    expect(hits(['PDF Converter Online', 'legacy-reporting', 'mailbox-archiver', 'func-billing-prod'])).toEqual([]);
  });

  it('rates the tiers as documented, unknown states and levels included', () => {
    expect(riskTier('high', 'dismissed')).toBeNull();
    expect(riskTier('hidden', 'confirmedCompromised')).toBe('critical');
    expect(riskTier('hidden', 'atRisk')).toBeNull();
    expect(riskTier(null, null)).toBeNull();
  });
});
