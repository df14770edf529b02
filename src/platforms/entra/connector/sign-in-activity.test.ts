import { describe, expect, it } from 'vitest';
import type { WireServicePrincipalSignInActivity } from './graph-types.js';
import { packSignInActivity, transformSignInActivity, unpackSignInActivity } from './sign-in-activity.js';

describe('packed sign-in activity (what a full scan holds per application)', () => {
  const entries: WireServicePrincipalSignInActivity[] = [
    {
      id: 'ZGU1ODUyZjItNjFjYi00ZDRlLTg1YmUtNjU2M2I1ZmIzMGE3',
      appId: 'de5852f2-61cb-4d4e-85be-6563b5fb30a7',
      lastSignInActivity: { lastSignInDateTime: '2026-10-01T10:00:00Z', lastSignInRequestId: 'a' },
      delegatedClientSignInActivity: { lastSignInDateTime: null, lastSignInRequestId: null },
      delegatedResourceSignInActivity: null,
      applicationAuthenticationClientSignInActivity: {
        lastSignInDateTime: '2026-10-02T11:30:00-08:00',
        lastSignInRequestId: 'b',
      },
    },
    { id: 'x', appId: '8f6c4c4f-0000-4000-8000-000000000001' },
    {
      appId: '8f6c4c4f-0000-4000-8000-000000000002',
      applicationAuthenticationResourceSignInActivity: { lastSignInDateTime: '2025-01-31T23:59:59Z' },
    },
  ];

  it('reads back the same last use and per-kind detail as the entry it was packed from', () => {
    for (const entry of entries)
      expect(transformSignInActivity(unpackSignInActivity(packSignInActivity(entry)))).toEqual(
        transformSignInActivity(entry),
      );
    expect(transformSignInActivity(unpackSignInActivity(packSignInActivity(entries[0]))).lastUsedAt).toBe(
      '2026-10-02T19:30:00.000Z',
    );
  });

  it('keeps only the sign-in times (no ids), so it is far smaller than the entry', () => {
    const packed = packSignInActivity(entries[0]);
    expect(packed).not.toContain('ZGU1');
    expect(packed.length).toBeLessThan(JSON.stringify(entries[0]).length / 3);
  });
});
