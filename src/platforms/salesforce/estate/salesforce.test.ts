import { describe, expect, it } from 'vitest';
import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { salesforceRisks } from '../risks.js';
import { allocate, salesforceGenerator } from './generate.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');

function generate(count: number, seed = 5) {
  const org = generateOrg(new Random(seed), Math.max(8, Math.round(count / 20)), NOW);
  return salesforceGenerator.generate({ org, rng: new Random(seed + 1), count, now: NOW, earlier: {} });
}

describe('Salesforce estate generator', () => {
  it('allocates every NHI type and sums to the count', () => {
    for (const n of [7, 60, 300, 10_000]) {
      const a = allocate(n);
      expect(a.apps + a.tokens + a.integration + a.apiHumans + a.namedCredentials).toBe(n);
      expect(Math.min(a.apps, a.tokens, a.integration, a.apiHumans, a.namedCredentials)).toBeGreaterThan(0);
    }
  });

  it('labels one identity per NHI it serves, with known risk ids, every Salesforce risk planted', () => {
    const { data, identities } = generate(300);
    const known = new Set([...RISK_CATALOGUE, ...salesforceRisks].map((r) => r.id));
    expect(identities.flatMap((l) => l.risks).filter((r) => !known.has(r))).toEqual([]);
    for (const r of salesforceRisks)
      expect(
        identities.some((l) => l.risks.includes(r.id)),
        r.id,
      ).toBe(true);
    expect(identities.filter((l) => l.kind === 'oauth_grant').length).toBe(data.tables.OauthToken.length);
    expect(identities.filter((l) => l.kind === 'oauth_app').length).toBe(data.tables.ConnectedApplication.length);
    expect(new Set(identities.map((l) => l.id)).size).toBe(identities.length);
  });

  it('plants a Drift-like app first: self-authorize, tokens valid until revoked, tokens across many users', () => {
    const { data } = generate(300);
    const [drift] = data.tables.ConnectedApplication;
    expect([drift.Name, drift.OptionsAllowAdminApprovedUsersOnly, drift.RefreshTokenValidityPeriod]).toEqual([
      'Drift',
      false,
      null,
    ]);
    const users = new Set(data.tables.OauthToken.filter((t) => t.AppName === 'Drift').map((t) => t.UserId));
    expect(users.size).toBeGreaterThan(10);
  });

  it('gives every OAuth token a CreatedDate of its own (keyset windows never stall) and serves no OauthToken Id', () => {
    const { data } = generate(2000);
    const created = data.tables.OauthToken.map((t) => t.CreatedDate);
    expect(new Set(created).size).toBe(created.length);
    expect(data.tables.OauthToken.every((t) => t.Id === null)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(JSON.stringify(generate(120, 9))).toBe(JSON.stringify(generate(120, 9)));
  });
});
