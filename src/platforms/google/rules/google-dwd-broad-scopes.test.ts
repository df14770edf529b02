import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { DWD } from '../fixtures/activities.js';
import { NOW, fixtureViews } from '../fixtures/index.js';
import { rule } from './google-dwd-broad-scopes.js';

const hitsOn = (clientIds: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => v.nativeType === 'dwd_client' && clientIds.includes(v.nativeId)),
    { now: NOW, rules: [rule] },
  );

describe('google-dwd-broad-scopes on delegation replayed from Reports admin events', () => {
  it('fires on Gmail and Drive read delegated domain-wide', () => {
    expect(hitsOn([DWD.etl]).map((h) => [h.identity.id, h.evidence.map((e) => e.value)])).toEqual([
      [
        `google:acme-fixture:dwd_client:${DWD.etl}`,
        ['https://www.googleapis.com/auth/drive.readonly', 'https://www.googleapis.com/auth/gmail.readonly'],
      ],
    ]);
  });

  it('stays silent on calendar and contacts read, and on a delegation that was removed', () => {
    expect(hitsOn([DWD.vendor, DWD.removed])).toEqual([]);
  });
});
