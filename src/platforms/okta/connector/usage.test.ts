import { describe, expect, it } from 'vitest';
import { LastSeen, logWindow } from './usage.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');

describe('System Log window', () => {
  it('reads the whole window on a first scan', () => {
    expect(logWindow(NOW, 90)).toEqual({ since: '2026-08-03T00:00:00.000Z', until: '2026-11-01T00:00:00.000Z' });
  });

  it('resumes 15 minutes before the previous read ended', () => {
    expect(logWindow(NOW, 90, '2026-10-31T12:00:00.000Z').since).toBe('2026-10-31T11:45:00.000Z');
  });

  it('falls back to the whole window when the previous read is older than it, or unreadable', () => {
    expect(logWindow(NOW, 90, '2026-01-01T00:00:00.000Z').since).toBe('2026-08-03T00:00:00.000Z');
    expect(logWindow(NOW, 90, 'not a date').since).toBe('2026-08-03T00:00:00.000Z');
  });
});

describe('LastSeen kept between scans', () => {
  it('round-trips through connector state, keeping the latest time per key', () => {
    const seen = new LastSeen();
    seen.add('0oa1', '2026-05-01T00:00:00.000Z');
    seen.add('0oa1', '2026-04-01T00:00:00.000Z');
    const kept = LastSeen.fromJSON(seen.toJSON());
    kept?.add('00T1', '2026-10-01T00:00:00.000Z');
    expect(kept?.get('0oa1')).toBe('2026-05-01T00:00:00.000Z');
    expect(kept?.get('00T1')).toBe('2026-10-01T00:00:00.000Z');
  });

  it('starts over from state it cannot read', () => {
    expect(LastSeen.fromJSON(undefined)).toBeNull();
    expect(LastSeen.fromJSON('{not json')).toBeNull();
    expect(LastSeen.fromJSON('{"0oa1":"yesterday"}')?.get('0oa1')).toBeNull();
  });
});
