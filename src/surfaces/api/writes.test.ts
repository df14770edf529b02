import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOW, seededServer } from '../../testing/api-seed.js';
import { ENGINES } from '../../testing/store.js';
import type { ScanEvent, ScanFunction } from './scans.js';

let s: Awaited<ReturnType<typeof seededServer>>;
let releaseScan: () => void = () => {};
const fakeScan: ScanFunction = async (request, emit) => {
  emit({ event: 'progress', data: { tenant: `${request.platform}:t1`, identities: 3 } });
  await new Promise<void>((resolve) => {
    releaseScan = resolve;
  });
  emit({ event: 'source', data: { source: 'keys', outcome: 'complete' } });
  return { runs: [{ id: 'run-x', status: 'succeeded' }] };
};
describe.each(ENGINES)('writes on %s', (engine) => {
  beforeEach(async () => {
    s = await seededServer({ scan: fakeScan, engine });
  });
  afterEach(async () => s.close());

  const HIGH = `/api/v1/findings/${encodeURIComponent('r-high|acme:t1:key-b')}`;

  describe('triage', () => {
    it('suppresses a finding with reason, expiry, who and when; unsuppress reopens it', async () => {
      const r = await s.call('POST', `${HIGH}/suppress`, 'analyst', {
        reason: 'test key, rotated',
        until: '2027-01-31',
      });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('suppressed');
      expect(r.body.suppression).toEqual({
        reason: 'test key, rotated',
        until: '2027-01-31T23:59:59.999Z',
        by: 'analyst-token',
        at: NOW,
      });
      const open = await s.call('GET', '/api/v1/findings', 'viewer');
      expect(open.body.items.map((f: { id: string }) => f.id)).not.toContain('r-high|acme:t1:key-b');
      const back = await s.call('POST', `${HIGH}/unsuppress`, 'analyst', { reason: 'still in use' });
      expect(back.body).toMatchObject({ status: 'open', suppression: null });
      const again = await s.call('POST', `${HIGH}/unsuppress`, 'analyst', { reason: 'still in use' });
      expect(again.status).toBe(409);
    });

    it('refuses a missing or short reason, a past expiry and an unknown finding', async () => {
      const noReason = await s.call('POST', `${HIGH}/suppress`, 'analyst', {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(/^body\.reason: /);
      expect((await s.call('POST', `${HIGH}/suppress`, 'analyst', { reason: 'ok' })).status).toBe(400);
      const past = await s.call('POST', `${HIGH}/suppress`, 'analyst', { reason: 'too late', until: '2020-01-01' });
      expect(past.status).toBe(400);
      expect(past.body.error.message).toMatch(/not in the future/);
      const unknown = await s.call('POST', '/api/v1/findings/nope/suppress', 'analyst', { reason: 'whatever' });
      expect(unknown.status).toBe(404);
    });

    it('suppresses every open finding of a rule in one platform', async () => {
      const r = await s.call('POST', '/api/v1/findings/suppress', 'analyst', {
        ruleId: 'r-med',
        reason: 'accepted on globex',
        platform: 'globex',
      });
      expect(r.body).toEqual({ suppressed: 1 });
      const none = await s.call('POST', '/api/v1/findings/suppress', 'analyst', {
        ruleId: 'r-med',
        reason: 'accepted on acme',
        platform: 'acme',
      });
      expect(none.body).toEqual({ suppressed: 0 });
    });

    it('moves an identity in the fix-first order when its worst open finding is suppressed or unsuppressed', async () => {
      const fixFirst = async () =>
        ((await s.call('GET', '/api/v1/identities?sort=fixFirst', 'viewer')).body.items as Array<{ id: string }>).map(
          (i) => i.id,
        );
      // Seeded: bot-a critical, key-b high (its low is suppressed), svc-d medium, app-c nothing open.
      expect(await fixFirst()).toEqual(['acme:t1:bot-a', 'acme:t1:key-b', 'globex:g1:svc-d', 'acme:t2:app-c']);
      await s.call('POST', `${HIGH}/suppress`, 'analyst', { reason: 'test key' });
      // key-b has nothing open left: it ranks by exposure (50) among those with nothing open, after app-c (200).
      expect(await fixFirst()).toEqual(['acme:t1:bot-a', 'globex:g1:svc-d', 'acme:t2:app-c', 'acme:t1:key-b']);
      await s.call('POST', `${HIGH}/unsuppress`, 'analyst', { reason: 'still in use' });
      expect(await fixFirst()).toEqual(['acme:t1:bot-a', 'acme:t1:key-b', 'globex:g1:svc-d', 'acme:t2:app-c']);
      await s.call('POST', '/api/v1/findings/suppress', 'analyst', { ruleId: 'r-crit', reason: 'accepted' });
      expect(await fixFirst()).toEqual(['acme:t1:key-b', 'globex:g1:svc-d', 'acme:t2:app-c', 'acme:t1:bot-a']);
    });
  });

  describe('owners', () => {
    it('assigns and unassigns an owner', async () => {
      const url = `/api/v1/identities/${encodeURIComponent('acme:t1:key-b')}/owner`;
      const r = await s.call('PUT', url, 'analyst', { email: 'alice@example.com', reason: 'she runs it' });
      expect(r.status).toBe(200);
      expect(r.body.owner).toMatchObject({ email: 'alice@example.com', status: 'active', source: 'manual' });
      expect(r.body.manual).toMatchObject({ email: 'alice@example.com', by: 'analyst-token', note: 'she runs it' });
      const owned = await s.call('GET', '/api/v1/owners?status=owned', 'viewer');
      expect(owned.body.items.map((i: { identity: { id: string } }) => i.identity.id)).toContain('acme:t1:key-b');
      const gone = await s.call('DELETE', url, 'analyst');
      expect(gone.body.manual).toBeNull();
      expect((await s.call('PUT', url, 'analyst', { email: 'a@b.c', team: 'x' })).status).toBe(400);
      expect((await s.call('PUT', '/api/v1/identities/nope/owner', 'analyst', { team: 'x' })).status).toBe(404);
    });

    it('accepts suggested owners', async () => {
      const r = await s.call('POST', '/api/v1/owners/accept-suggestions', 'analyst', {
        identityIds: ['acme:t2:app-c', 'acme:t1:bot-a'],
      });
      expect(r.body).toEqual({ accepted: 1 });
      const detail = await s.call('GET', `/api/v1/identities/${encodeURIComponent('acme:t2:app-c')}`, 'viewer');
      expect(detail.body.owner).toMatchObject({ email: 'alice@example.com', source: 'manual' });
      const strict = await s.call('POST', '/api/v1/owners/accept-suggestions', 'analyst', {
        identityIds: ['acme:t1:key-b'],
        minConfidence: 0.5,
      });
      expect(strict.body).toEqual({ accepted: 0 });
    });
  });

  describe('tokens', () => {
    it('creates a token shown once, lists tokens without any hash, and a revoke takes effect at once', async () => {
      const made = await s.call('POST', '/api/v1/tokens', 'admin', { name: 'ci', role: 'viewer' });
      expect(made.status).toBe(201);
      expect(made.body.token).toMatch(/^stw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      const me = await s.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${made.body.token}` } });
      expect(JSON.parse(me.body)).toMatchObject({ name: 'ci', role: 'viewer' });
      const list = await s.call('GET', '/api/v1/tokens', 'admin');
      expect(list.raw).not.toMatch(/hash|salt/);
      // The secret is base64url and may itself contain '_': take everything after `stw_<id>_`.
      expect(list.raw).not.toContain(made.body.token.slice('stw_'.length + 16 + 1));
      expect(list.body.items.find((t: { id: string }) => t.id === made.body.id)).toMatchObject({ revokedAt: null });
      expect((await s.call('DELETE', `/api/v1/tokens/${made.body.id}`, 'admin')).status).toBe(200);
      const after = await s.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${made.body.token}` } });
      expect(after.statusCode).toBe(401);
    });

    it('refuses a token with a wrong secret', async () => {
      const forged = `${s.tokens.viewer.slice(0, -4)}AAAA`;
      const r = await s.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${forged}` } });
      expect(r.statusCode).toBe(401);
    });
  });

  describe('scans', () => {
    it('starts one scan at a time and streams its events', async () => {
      const started = await s.call('POST', '/api/v1/scans', 'admin', { platform: 'acme' });
      expect(started.status).toBe(202);
      const busy = await s.call('POST', '/api/v1/scans', 'admin', {});
      expect(busy.status).toBe(409);
      const streamed = s.app.inject({
        url: `/api/v1/scans/${started.body.scanId}/events`,
        headers: { authorization: `Bearer ${s.tokens.admin}` },
      });
      await new Promise((r) => setTimeout(r, 50));
      releaseScan();
      const res = await streamed;
      expect(res.headers['content-type']).toBe('text/event-stream');
      const events: ScanEvent[] = res.body
        .trim()
        .split('\n\n')
        .map((block) => {
          const [event, data] = block.split('\n');
          return { event: event.replace('event: ', ''), data: JSON.parse(data.replace('data: ', '')) } as ScanEvent;
        });
      expect(events).toEqual([
        { event: 'progress', data: { tenant: 'acme:t1', identities: 3 } },
        { event: 'source', data: { source: 'keys', outcome: 'complete' } },
        { event: 'finished', data: { runs: [{ id: 'run-x', status: 'succeeded' }] } },
      ]);
    });
  });
});
