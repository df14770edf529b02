import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './okta-api-token-super-admin.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('okta-api-token-super-admin on transformed Okta payloads', () => {
  it("fires on tokens whose creator holds SUPER_ADMIN or ORG_ADMIN, naming the creator's role", () => {
    const hits = hitsOn(['scim-sync', 'hr-bridge']);
    expect(hits.map((h) => h.identity.name)).toEqual(['scim-sync', 'hr-bridge']);
    expect(hits[0].evidence).toEqual([
      {
        field: 'permissions[0]',
        value: 'role:SUPER_ADMIN',
        source:
          "creator 00ufx1superadmin0001 holds SUPER_ADMIN per token creator's role (GET /api/v1/users/{userId}/roles)",
      },
    ]);
    expect(hits[1].evidence[0].value).toBe('role:ORG_ADMIN');
  });

  it('stays silent on read-only, help-desk and role-less creators, and on apps with a SUPER_ADMIN client role', () => {
    expect(hitsOn(['reporting', 'legacy-job', 'backup', 'old-exporter'])).toEqual([]);
  });
});
