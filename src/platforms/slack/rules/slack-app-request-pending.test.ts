import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './slack-app-request-pending.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('slack-app-request-pending on transformed Slack payloads', () => {
  it('fires on a pending request for message history and posting', () => {
    expect(hitsOn(['Meeting Notes (request)']).map((h) => [h.identity.id, h.evidence])).toEqual([
      [
        'slack:acme-fixture:app_request:Ar0FXNOTES1',
        [
          {
            field: 'attributes.highRiskScopes',
            value: 'im:history, chat:write',
            source: 'pending since 2026-10-20 per slack inventory (app_request) (admin.apps.requests.list)',
          },
        ],
      ],
    ]);
  });

  it('stays silent on a pending request for slash commands and reactions only', () => {
    expect(hitsOn(['Kudos (request)'])).toEqual([]);
  });
});
