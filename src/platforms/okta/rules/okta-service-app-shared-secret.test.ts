import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './okta-service-app-shared-secret.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('okta-service-app-shared-secret on transformed Okta payloads', () => {
  it('fires on service apps authenticating with client_secret_basic or client_secret_post', () => {
    const hits = hitsOn(['reporting-bot', 'old-exporter']);
    expect(hits.map((h) => h.evidence)).toEqual([
      [
        {
          field: 'attributes.tokenEndpointAuthMethod',
          value: 'client_secret_basic',
          source: 'token_endpoint_auth_method client_secret_basic per okta inventory (service_app)',
        },
      ],
      [
        {
          field: 'attributes.tokenEndpointAuthMethod',
          value: 'client_secret_post',
          source: 'token_endpoint_auth_method client_secret_post per okta inventory (service_app)',
        },
      ],
    ]);
  });

  it('stays silent on a private_key_jwt service app and on a web app using a client secret', () => {
    expect(hitsOn(['user-provisioner', 'employee-portal'])).toEqual([]);
  });
});
