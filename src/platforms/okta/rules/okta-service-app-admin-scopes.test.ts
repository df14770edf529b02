import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './okta-service-app-admin-scopes.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('okta-service-app-admin-scopes on transformed Okta payloads', () => {
  it('fires on an admin-tier scope grant, a SUPER_ADMIN client role and an integration granted okta.users.manage', () => {
    const hits = hitsOn(['user-provisioner', 'old-exporter', 'Ticketing Sync']);
    expect(hits.map((h) => [h.identity.name, h.evidence])).toEqual([
      [
        'user-provisioner',
        [
          {
            field: 'permissions[1]',
            value: 'okta.users.manage',
            source: 'admin-tier scope per app grant (GET /api/v1/apps/{appId}/grants)',
          },
        ],
      ],
      [
        'old-exporter',
        [
          {
            field: 'permissions[0]',
            value: 'role:SUPER_ADMIN',
            source: 'admin-tier role per client role (GET /oauth2/v1/clients/{clientId}/roles)',
          },
        ],
      ],
      [
        'Ticketing Sync',
        [
          {
            field: 'permissions[0]',
            value: 'okta.users.manage',
            source: 'admin-tier scope per API service integration grantedScopes',
          },
        ],
      ],
    ]);
  });

  it('stays silent on read scopes, a REVOKED okta.apps.manage grant, write-tier groups.manage, and web apps', () => {
    expect(hitsOn(['reporting-bot', 'SIEM Connector', 'employee-portal'])).toEqual([]);
  });
});
