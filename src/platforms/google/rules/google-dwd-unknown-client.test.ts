import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { DWD } from '../fixtures/activities.js';
import { NOW, fixtureDelegation, viewsOf } from '../fixtures/index.js';
import { rule } from './google-dwd-unknown-client.js';

const hits = (listed: boolean) => evaluateViews(viewsOf(fixtureDelegation(listed)), { now: NOW, rules: [rule] });

describe('google-dwd-unknown-client on delegation matched to service accounts', () => {
  it('fires on the client no listed service account has as oauth2ClientId, not on the ETL service account', () => {
    expect(hits(true).map((h) => [h.identity.nativeId, h.evidence])).toEqual([
      [
        DWD.vendor,
        [
          {
            field: 'attributes.serviceAccount',
            value: null,
            source: `no service account has oauth2ClientId ${DWD.vendor}`,
          },
          { field: 'attributes.serviceAccountsListed', value: true, source: 'google inventory (dwd_client)' },
        ],
      ],
    ]);
  });

  it('stays silent when the service accounts were not all listed (unknown is not "no such account")', () => {
    expect(hits(false)).toEqual([]);
  });
});
