import { describe, expect, it } from 'vitest';
import { transformPasswordAndKeyCredentials } from './credentials.js';
import type { WireKeyCredential } from './graph-types.js';

const ID = 'entra:contoso.onmicrosoft.com:application:03ef14b0-ca33-4840-8f4f-d6e91916010e';

// keyCredentials as Graph lists them on an application ($select=keyCredentials), the first two without keyId (as in
// Graph docs examples and some objects written through older APIs).
const certA: WireKeyCredential = {
  customKeyIdentifier: '52D4A7D0AA1C6E0F6B2E5D6C6B53DCA5E7F6D2A1',
  displayName: 'CN=billing-sync',
  endDateTime: '2027-01-01T00:00:00Z',
  startDateTime: '2025-01-01T00:00:00Z',
  type: 'AsymmetricX509Cert',
  usage: 'Verify',
};
const certB: WireKeyCredential = {
  ...certA,
  customKeyIdentifier: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C',
  startDateTime: '2025-06-01T00:00:00Z',
  endDateTime: '2027-06-01T00:00:00Z',
};
const withKeyId: WireKeyCredential = { ...certA, keyId: 'c0a4c3d2-1111-4222-8333-944455566677' };

describe('keyCredentials without keyId (issue #12 item 11)', () => {
  it('are kept, each with an id derived from the certificate and dates', () => {
    const creds = transformPasswordAndKeyCredentials(ID, { keyCredentials: [certA, certB, withKeyId] }, 'application');
    expect(creds).toHaveLength(3);
    const [a, b, c] = creds;
    expect(a.id).toMatch(new RegExp(`^${ID}:app:key:derived-[0-9a-f]{16}$`));
    expect(b.id).toMatch(/:app:key:derived-[0-9a-f]{16}$/);
    expect(a.id).not.toBe(b.id);
    expect(c.id).toBe(`${ID}:app:key:c0a4c3d2-1111-4222-8333-944455566677`);
    expect(a).toMatchObject({
      type: 'certificate',
      fingerprint: 'x5t:52D4A7D0AA1C6E0F6B2E5D6C6B53DCA5E7F6D2A1',
      createdAt: '2025-01-01T00:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
      attributes: { keyIdDerived: true, setOn: 'application' },
    });
    expect(a.attributes).not.toHaveProperty('keyId');
    expect(c.attributes).toMatchObject({ keyId: 'c0a4c3d2-1111-4222-8333-944455566677' });
    expect(c.attributes).not.toHaveProperty('keyIdDerived');
  });

  it('keep the same derived id from scan to scan and whatever the listing order', () => {
    const first = transformPasswordAndKeyCredentials(ID, { keyCredentials: [certA, certB] }, 'application');
    const again = transformPasswordAndKeyCredentials(ID, { keyCredentials: [certB, certA] }, 'application');
    expect(again.map((c) => c.id).sort()).toEqual(first.map((c) => c.id).sort());
    // Graph's offset spelling of the same instant is the same credential.
    const offset = transformPasswordAndKeyCredentials(
      ID,
      { keyCredentials: [{ ...certA, startDateTime: '2024-12-31T16:00:00-08:00' }] },
      'application',
    );
    expect(offset[0].id).toBe(first[0].id);
  });

  it('get distinct ids when two listed keys agree on everything, and the SP prefix on a service principal', () => {
    const twins = transformPasswordAndKeyCredentials(ID, { keyCredentials: [certA, { ...certA }] }, 'servicePrincipal');
    expect(new Set(twins.map((c) => c.id)).size).toBe(2);
    expect(twins.every((c) => c.id.includes(':sp:key:derived-'))).toBe(true);
  });

  it('applies to passwordCredentials without keyId too (never reading secretText)', () => {
    const [secret] = transformPasswordAndKeyCredentials(
      ID,
      {
        passwordCredentials: [
          {
            displayName: 'ci',
            hint: 'Q~A',
            startDateTime: '2025-03-01T00:00:00Z',
            endDateTime: '2025-09-01T00:00:00Z',
            secretText: 'Q~Aexample-secret-value',
          },
        ],
      },
      'application',
    );
    expect(secret.id).toMatch(/:app:password:derived-[0-9a-f]{16}$/);
    expect(secret.attributes).toMatchObject({ hint: 'Q~A', keyIdDerived: true });
    expect(JSON.stringify(secret)).not.toContain('example-secret-value');
  });
});
