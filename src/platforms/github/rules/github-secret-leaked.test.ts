import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import type { IdentityInput } from '../../../model/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { view } from '../../../testing/views.js';
import { transform } from '../connector/secret-scanning-alerts.js';
import type { GhSecretScanningAlert } from '../connector/wire.js';
import { FIXTURE_NOW, FIXTURE_ORG, fixtureIdentities } from '../fixtures/index.js';
import { factsProblems } from '../fixtures/facts-check.js';
import { activePatAlert, unknownAwsAlert } from '../fixtures/secret-scanning-alerts.js';
import { rule as leaked } from './github-secret-leaked.js';
import { rule as unverified } from './github-secret-leaked-unverified.js';

const ctx = { org: FIXTURE_ORG };
const hits = (identities: IdentityInput[], rule = leaked) =>
  evaluateViews(
    identities.map((i) => view(i)),
    { now: FIXTURE_NOW, rules: [rule] },
  );

describe('github-secret-leaked / github-secret-leaked-unverified', () => {
  it('grade open alerts by validity: active → critical rule, unknown → high rule', () => {
    expect(hits(fixtureIdentities()).map((h) => h.identity.id)).toEqual([
      'github:acme-corp:secret_scanning_alert:web/3',
    ]);
    expect(hits(fixtureIdentities(), unverified).map((h) => h.identity.id)).toEqual([
      'github:acme-corp:secret_scanning_alert:api/1',
    ]);
    expect([leaked.meta.severity, unverified.meta.severity]).toEqual(['critical', 'high']);
  });

  it('say what leaked where, and which GitHub NHI kinds a leaked GitHub token belongs to', () => {
    const source = 'secret scanning alert acme-corp/web#3 per github inventory (secret_scanning_alert)';
    expect(hits([transform(activePatAlert, ctx)])[0].evidence).toEqual([
      { field: 'attributes.secretType', value: 'github_personal_access_token', source },
      { field: 'attributes.validity', value: 'active', source: `${source} (GitHub's latest validity check)` },
      {
        field: 'attributes.belongsToNativeTypes',
        value: 'credential_authorization,pat_grant',
        source: 'a GitHub credential: revoke the NHI of these types that holds it',
      },
    ]);
    expect(hits([transform(unknownAwsAlert, ctx)], unverified)[0].evidence).toHaveLength(2);
  });

  it('stay silent on resolved alerts and keep each grade to its own rule', () => {
    const resolved = transform({ ...activePatAlert, state: 'resolved', resolution: 'revoked' }, ctx);
    expect(hits([resolved])).toEqual([]);
    expect(hits([resolved], unverified)).toEqual([]);
    expect(hits([transform(unknownAwsAlert, ctx)])).toEqual([]);
    expect(hits([transform(activePatAlert, ctx)], unverified)).toEqual([]);
  });
});

describe('secret scanning alert transform', () => {
  it("maps GitHub's own example (secret-scanning/list-alerts-for-org) and never keeps the secret", () => {
    const file = join(corporaDir(), 'github-rest-openapi', 'examples', 'secret-scanning__list-alerts-for-org.200.json');
    const [raw] = (JSON.parse(readFileSync(file, 'utf8')) as { examples: { default: GhSecretScanningAlert[] } })
      .examples.default;
    const identity = transform(raw, { org: 'octocat' });
    expect(identity).toMatchObject({
      id: 'github:octocat:secret_scanning_alert:Hello-World/2',
      kind: 'secret',
      name: 'Adafruit IO Key leaked in octocat/Hello-World (alert 2)',
      createdAt: '2020-11-06T18:48:51.000Z',
      attributes: {
        leakedIn: 'octocat/Hello-World',
        alertNumber: 2,
        state: 'resolved',
        secretType: 'adafruit_io_key',
        secretTypeDisplayName: 'Adafruit IO Key',
        provider: null,
        validity: 'active',
        publiclyLeaked: false,
        multiRepo: false,
        pushProtectionBypassed: true,
        belongsToNativeTypes: [],
        updatedAt: null,
      },
    });
    expect(factsProblems(identity)).toEqual([]);
    expect(JSON.stringify(identity)).not.toContain(raw.secret as string);
  });

  it('refuses an alert without number or repository, or with an undocumented validity (quarantined)', () => {
    expect(() => transform({ ...unknownAwsAlert, number: undefined as never }, ctx)).toThrow(/without number/);
    expect(() => transform({ ...unknownAwsAlert, repository: undefined as never }, ctx)).toThrow(
      /without its repository/,
    );
    expect(() => transform({ ...unknownAwsAlert, validity: 'valid' }, ctx)).toThrow(/validity "valid"/);
    expect(transform({ ...unknownAwsAlert, validity: undefined }, ctx).attributes?.validity).toBe('unknown');
  });
});
