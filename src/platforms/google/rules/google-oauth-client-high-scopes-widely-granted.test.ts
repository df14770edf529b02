import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { CLIENTS } from '../fixtures/tokens.js';
import { rule } from './google-oauth-client-high-scopes-widely-granted.js';

const hitsOn = (clientIds: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => clientIds.includes(v.nativeId)),
    { now: NOW, rules: [rule] },
  );

describe('google-oauth-client-high-scopes-widely-granted on transformed tokens.list payloads', () => {
  it('fires on Gmail read access granted by 5 users, naming the scope and the count', () => {
    expect(hitsOn([CLIENTS.salesloft]).map((h) => [h.identity.id, h.evidence])).toEqual([
      [
        `google:acme-fixture:oauth_client:${CLIENTS.salesloft}`,
        [
          {
            field: 'permissions[1]',
            value: 'https://www.googleapis.com/auth/gmail.readonly',
            source: 'granted by 5 users per tokens.list',
          },
          { field: 'attributes.grantedUsers', value: 5, source: 'google inventory (oauth_client)' },
        ],
      ],
    ]);
  });

  it('stays silent on a medium scope granted by 6 users and on Drive full access granted by 2', () => {
    expect(hitsOn([CLIENTS.calendly, CLIENTS.backup, CLIENTS.gcloud])).toEqual([]);
  });
});
