import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './okta-api-token-any-network.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('okta-api-token-any-network on transformed Okta payloads', () => {
  it('fires on a token with connection ANYWHERE and on one Okta sent without a network block', () => {
    const hits = hitsOn(['scim-sync', 'legacy-job']);
    expect(hits.map((h) => [h.identity.name, h.evidence])).toEqual([
      [
        'scim-sync',
        [
          {
            field: 'attributes.networkConnection',
            value: 'ANYWHERE',
            source: 'network.connection ANYWHERE per okta inventory (api_token)',
          },
        ],
      ],
      [
        'legacy-job',
        [
          {
            field: 'attributes.networkConnection',
            value: null,
            source: 'network.connection not set (Okta default ANYWHERE) per okta inventory (api_token)',
          },
        ],
      ],
    ]);
  });

  it('stays silent on zone-restricted tokens', () => {
    expect(hitsOn(['hr-bridge', 'reporting', 'backup'])).toEqual([]);
  });
});
