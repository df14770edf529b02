import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './slack-bot-token-admin-scopes.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('slack-bot-token-admin-scopes on transformed Slack payloads', () => {
  it('fires on admin.* scopes held by the bot token', () => {
    expect(hitsOn(['Channel Governor']).map((h) => [h.identity.id, h.evidence])).toEqual([
      [
        'slack:acme-fixture:app:A0FXGOVERN2',
        [
          {
            field: 'permissions[0]',
            value: 'admin.conversations:write',
            source: 'admin scope on the bot token per admin.apps.approved.list scopes',
          },
          {
            field: 'permissions[1]',
            value: 'admin.users:read',
            source: 'admin scope on the bot token per admin.apps.approved.list scopes',
          },
        ],
      ],
    ]);
  });

  it('stays silent on admin scopes of a user token, bots without admin scopes and a restricted app', () => {
    expect(hitsOn(['Admin Console', 'Deploy Notifier', 'Lunch Poll', 'Shady Exporter'])).toEqual([]);
  });
});
