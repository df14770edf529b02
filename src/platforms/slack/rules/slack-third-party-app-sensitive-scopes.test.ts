import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './slack-third-party-app-sensitive-scopes.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('slack-third-party-app-sensitive-scopes on transformed Slack payloads', () => {
  it('fires on a third-party exporter reading history, files and e-mails, and on admin user scopes', () => {
    expect(hitsOn(['Archive Export', 'Admin Console']).map((h) => [h.identity.name, h.evidence])).toEqual([
      [
        'Archive Export',
        [
          {
            field: 'permissions[0]',
            value: 'channels:history',
            source: 'user scope of a third-party app per admin.apps.approved.list scopes',
          },
          {
            field: 'permissions[1]',
            value: 'files:read',
            source: 'user scope of a third-party app per admin.apps.approved.list scopes',
          },
          {
            field: 'permissions[2]',
            value: 'users:read.email',
            source: 'user scope of a third-party app per admin.apps.approved.list scopes',
          },
        ],
      ],
      [
        'Admin Console',
        [
          {
            field: 'permissions[0]',
            value: 'admin',
            source: 'user scope of a third-party app per admin.apps.approved.list scopes',
          },
          {
            field: 'permissions[1]',
            value: 'admin.apps:write',
            source: 'user scope of a third-party app per admin.apps.approved.list scopes',
          },
        ],
      ],
    ]);
  });

  it('stays silent on in-house apps with chat:write or admin scopes, low-scope third parties and restricted apps', () => {
    expect(hitsOn(['Deploy Notifier', 'Channel Governor', 'Lunch Poll', 'Shady Exporter'])).toEqual([]);
  });
});
