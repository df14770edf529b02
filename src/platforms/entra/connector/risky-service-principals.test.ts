import { describe, expect, it } from 'vitest';
import { fixtureIdentities } from '../fixtures/index.js';
import { RISKY_SERVICE_PRINCIPALS } from '../fixtures/risks.js';
import { transformRisk } from './risky-service-principals.js';

describe('risky service principal transform', () => {
  it('keeps Graph’s rating as spelled, with a normalised date', () => {
    expect(transformRisk(RISKY_SERVICE_PRINCIPALS[0], true, true)).toEqual({
      riskLevel: 'high',
      riskState: 'atRisk',
      riskDetail: 'none',
      riskLastUpdatedAt: '2026-10-20T08:15:02.113Z',
    });
  });

  it('a principal the read list does not name is not at risk; an unread list or no principal says nothing', () => {
    expect(transformRisk(undefined, true, true)).toMatchObject({ riskLevel: 'none', riskState: 'none' });
    expect(transformRisk(RISKY_SERVICE_PRINCIPALS[0], true, false)).toMatchObject({ riskLevel: null, riskState: null });
    expect(transformRisk(undefined, false, true)).toMatchObject({ riskLevel: null, riskState: null });
  });

  it('lands on the identity of the rated principal: an application through its home service principal', () => {
    const byName = new Map(fixtureIdentities().map((i) => [i.name, i.attributes]));
    expect(byName.get('hr-directory-sync')).toMatchObject({ riskLevel: 'medium', riskState: 'confirmedCompromised' });
    expect(byName.get('mi-aks-prod')).toMatchObject({ riskLevel: 'medium', riskState: 'atRisk' });
    expect(byName.get('build-agent')).toMatchObject({ riskLevel: null, riskState: null });
    expect(byName.get('mailbox-archiver')).toMatchObject({ riskLevel: 'none', riskState: 'none' });
  });
});
