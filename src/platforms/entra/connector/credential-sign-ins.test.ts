import { describe, expect, it } from 'vitest';
import type { CredentialInput } from '../../../model/index.js';
import { LEGACY_REPORTING } from '../fixtures/applications.js';
import { LEGACY_REPORTING_SP } from '../fixtures/service-principals.js';
import { addCredentialUses, withCredentialUse } from './credential-sign-ins.js';
import { transformFederatedIdentityCredentials } from './federated-credentials.js';
import { transformPasswordAndKeyCredentials } from './credentials.js';
import type { WireAppCredentialSignInActivity } from './graph-types.js';

const ID = 'entra:contoso.onmicrosoft.com:application:legacy';
const appSecret = LEGACY_REPORTING.passwordCredentials?.[0]?.keyId as string;
const spSecret = LEGACY_REPORTING_SP.passwordCredentials?.[0]?.keyId as string;

/** beta GET /reports/appCredentialSignInActivities, shaped as Graph's reference page shows it (offsets like -8:00). */
const REPORT: Array<WireAppCredentialSignInActivity & Record<string, unknown>> = [
  {
    id: 'YXBwLXNlY3JldHxhcHBsaWNhdGlvbg==',
    keyId: appSecret.toUpperCase(),
    keyType: 'clientSecret',
    keyUsage: 'verify',
    appId: LEGACY_REPORTING.appId,
    appObjectId: LEGACY_REPORTING.id,
    servicePrincipalObjectId: LEGACY_REPORTING_SP.id,
    resourceId: '00000003-0000-0000-c000-000000000000',
    credentialOrigin: 'application',
    expirationDate: '2027-04-01T21:36:48-8:00',
    signInActivity: { lastSignInDateTime: '2026-10-18T00:00:00-8:00', lastSignInRequestId: 'r-1' },
  },
  {
    // The same secret reaching another resource, earlier: the latest use wins.
    id: 'YXBwLXNlY3JldHxhcHBsaWNhdGlvbnwy',
    keyId: appSecret,
    keyType: 'clientSecret',
    credentialOrigin: 'application',
    signInActivity: { lastSignInDateTime: '2026-09-01T10:00:00Z', lastSignInRequestId: 'r-2' },
  },
  {
    id: 'c3Atc2VjcmV0fHNlcnZpY2VQcmluY2lwYWw=',
    keyId: spSecret,
    keyType: 'clientSecret',
    credentialOrigin: 'servicePrincipal',
    signInActivity: { lastSignInDateTime: '2026-10-30T07:45:12.5Z', lastSignInRequestId: 'r-3' },
  },
  // Nothing to date: no keyId, or no sign-in time.
  { id: 'bm8ta2V5', credentialOrigin: 'application', signInActivity: { lastSignInDateTime: '2026-10-30T00:00:00Z' } },
  { id: 'bm8tZGF0ZQ==', keyId: appSecret, credentialOrigin: 'application', signInActivity: null },
];

const credentials = (): CredentialInput[] => [
  ...transformPasswordAndKeyCredentials(ID, LEGACY_REPORTING, 'application'),
  ...transformFederatedIdentityCredentials(ID, [
    {
      id: 'fic-1',
      name: 'gh',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:c/r:ref:refs/heads/main',
    },
  ]),
  ...transformPasswordAndKeyCredentials(ID, LEGACY_REPORTING_SP, 'servicePrincipal'),
];

describe('per-credential sign-in activity (beta)', () => {
  it('dates each secret by keyId and origin with its latest use; credentials the report does not name were not used', () => {
    const uses = new Map<string, string>();
    addCredentialUses(uses, REPORT);
    const dated = withCredentialUse(credentials(), uses).map((c) => [
      c.id.split(':').slice(-3).join(':'),
      c.lastUsedAt,
    ]);
    expect(dated).toEqual([
      ...(LEGACY_REPORTING.passwordCredentials ?? []).map((p) => [
        `app:password:${p.keyId}`,
        p.keyId === appSecret ? '2026-10-18T08:00:00.000Z' : null,
      ]),
      ...(LEGACY_REPORTING.keyCredentials ?? []).map((k) => [`app:key:${k.keyId}`, null]),
      // A federated credential has no keyId: the report cannot date it (left untouched).
      ['app:federated:fic-1', undefined],
      [`sp:password:${spSecret}`, '2026-10-30T07:45:12.500Z'],
    ]);
  });

  it('leaves credentials as they are when the report was not read', () => {
    expect(withCredentialUse(credentials(), null)).toEqual(credentials());
  });
});
