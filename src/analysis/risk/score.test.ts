import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMs } from './helpers.js';
import { ruleContext } from './evaluate.js';
import { scoreIdentity, SCORE_MAX } from './score.js';
import { view } from '../../testing/views.js';

const ctx = ruleContext(new Date('2026-11-01T00:00:00Z'));

describe('risk score', () => {
  it('parts sum to the score, each within its maximum, and 100 is reachable', () => {
    expect(Object.values(SCORE_MAX).reduce((a, b) => a + b, 0)).toBe(100);
    const worst = view({
      thirdParty: true,
      publisher: { name: 'Shady', verified: false },
      interactive: true,
      lastUsedAt: '2025-01-01T00:00:00Z',
      lastUsedSource: 'x',
      owner: { email: 'gone@acme.test', status: 'departed' },
      permissions: [{ nativeName: 'admin', access: 'admin', attributes: { tenantWide: true } }],
      credentials: [
        { type: 'access_key', createdAt: '2020-01-01T00:00:00Z', fingerprint: 'f' },
        { type: 'access_key', createdAt: '2020-01-01T00:00:00Z' },
      ],
    });
    const s = scoreIdentity(worst, ctx, new Map([['f', 2]]));
    expect(s.score).toBe(100);
    for (const p of s.parts) expect(p.points).toBeLessThanOrEqual(p.max);
    expect(s.parts.reduce((a, p) => a + p.points, 0)).toBe(s.score);
    expect(s.explanation).toContain('ownership 15/15 (owner departed)');
    expect(s.explanation).toContain('credential shared with another identity');
  });

  it('orders identities by what they can do and who answers for them', () => {
    const owned = { email: 'a@acme.test', status: 'active', personId: 'p' };
    const reader = scoreIdentity(
      view({ owner: owned, permissions: [{ nativeName: 'r', access: 'read', sensitivity: 'low' }] }),
      ctx,
    );
    const writer = scoreIdentity(
      view({ owner: owned, permissions: [{ nativeName: 'w', access: 'write', sensitivity: 'high' }] }),
      ctx,
    );
    const orphanWriter = scoreIdentity(
      view({ permissions: [{ nativeName: 'w', access: 'write', sensitivity: 'high' }] }),
      ctx,
    );
    expect(reader.score).toBeLessThan(writer.score);
    expect(writer.score).toBeLessThan(orphanWriter.score);
    const disabled = scoreIdentity(
      view({ enabled: false, permissions: [{ nativeName: 'w', access: 'write', sensitivity: 'high' }] }),
      ctx,
    );
    expect(disabled.score).toBe(Math.round(orphanWriter.score / 4));
    expect(disabled.explanation).toMatch(/^disabled: a quarter of/);
  });
});

describe('isoMs', () => {
  it('agrees with Date.parse on every canonical ISO timestamp', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.boolean(),
        (d, millis) => {
          const s = millis ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
          expect(isoMs(s)).toBe(Date.parse(s));
        },
      ),
    );
  });
  it('falls back to Date.parse for other spellings and rejects garbage', () => {
    for (const s of [
      '2026-11-01T00:00:00+02:00',
      '2026-11-01',
      '2026-11-01T00:00:00.5Z',
      '2026-11-01T10:20:30.123456Z',
    ])
      expect(isoMs(s)).toBe(Date.parse(s));
    expect(Number.isNaN(isoMs('not a date'))).toBe(true);
  });
});
