import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { CLIENTS } from '../fixtures/tokens.js';
import { rule } from './google-oauth-client-unregistered.js';

const hitsOn = (clientIds: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => clientIds.includes(v.nativeId)),
    { now: NOW, rules: [rule] },
  );

describe('google-oauth-client-unregistered on transformed tokens.list payloads', () => {
  it('fires on a client tokens.list reports as anonymous', () => {
    expect(hitsOn([CLIENTS.legacy]).map((h) => [h.identity.name, h.evidence])).toEqual([
      [
        'mail-export.py',
        [{ field: 'attributes.anonymous', value: true, source: 'tokens.list per google inventory (oauth_client)' }],
      ],
    ]);
  });

  it('stays silent on registered clients, native or web', () => {
    expect(hitsOn([CLIENTS.salesloft, CLIENTS.gcloud, CLIENTS.calendly])).toEqual([]);
  });
});
