import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { SlackEstateData } from '../estate/types.js';
import { startSlackEmulator } from './index.js';

/** The Slack wire format the emulator serves: form posts, Bearer tokens, ok:false with HTTP 200, cursors, 429s. */
let data: SlackEstateData;
let s: Awaited<ReturnType<typeof startSlackEmulator>>;

beforeAll(async () => {
  const estate = await generateEstate({ platforms: ['slack'], size: 300, seed: 3, now: '2026-11-01T00:00:00.000Z' });
  data = estate.platforms.slack as SlackEstateData;
  s = await startSlackEmulator(data);
});
afterAll(async () => {
  await s?.emulator.close();
});

/** The fields these tests read of a Web API answer. */
interface Answer {
  ok: boolean;
  error?: string;
  members: Array<{ id: string }>;
  response_metadata: { next_cursor: string };
  app_requests: unknown[];
  paging: unknown;
  logs: unknown[];
}

async function call(method: string, form: Record<string, string> = {}, token: string | null = s.token) {
  const response = await fetch(`${s.emulator.url}/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
}

describe('Slack emulator', () => {
  it('refuses a missing or wrong token with HTTP 200 ok:false (not_authed, invalid_auth)', async () => {
    expect(await call('auth.test', {}, null)).toMatchObject({ status: 200, body: { ok: false, error: 'not_authed' } });
    expect(await call('auth.test', {}, 'xoxp-wrong')).toMatchObject({
      status: 200,
      body: { ok: false, error: 'invalid_auth' },
    });
    const ok = await call('auth.test');
    expect(ok.body).toMatchObject({ ok: true, team_id: data.team.id, enterprise_id: data.enterpriseId });
    expect(ok.headers.get('x-slack-req-id')).toMatch(/^[0-9a-f]{24}$/);
  });

  it('pages users.list with response_metadata.next_cursor until "", and rejects a foreign cursor', async () => {
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const { body } = await call('users.list', { limit: '50', ...(cursor ? { cursor } : {}) });
      expect(body.ok).toBe(true);
      seen.push(...body.members.map((m) => m.id));
      cursor = body.response_metadata.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(data.users.length / 50));
    expect(seen).toEqual(data.users.map((u) => u.id));
    const approvedCursor = (
      await call('admin.apps.approved.list', { enterprise_id: String(data.enterpriseId), limit: '1' })
    ).body.response_metadata.next_cursor;
    expect((await call('users.list', { cursor: approvedCursor })).body).toEqual({ ok: false, error: 'invalid_cursor' });
  });

  it('serves admin.apps.* only with enterprise_id or team_id, and not on a workspace without Enterprise Grid', async () => {
    expect((await call('admin.apps.approved.list')).body).toEqual({ ok: false, error: 'invalid_arguments' });
    const { body } = await call('admin.apps.requests.list', { team_id: data.team.id, limit: '1000' });
    expect(body.app_requests.length).toBe(data.requests.length);
    const other = await startSlackEmulator({ ...data, enterpriseId: null });
    try {
      const r = await fetch(`${other.emulator.url}/api/admin.apps.approved.list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `team_id=${data.team.id}`,
      });
      expect(await r.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
    } finally {
      await other.emulator.close();
    }
  });

  it('pages team.integrationLogs by page and count, and answers bots.info by bot id', async () => {
    const { body } = await call('team.integrationLogs', { count: '10', page: '2' });
    expect(body.paging).toEqual({
      count: 10,
      total: data.integrationLogs.length,
      page: 2,
      pages: Math.ceil(data.integrationLogs.length / 10),
    });
    expect(body.logs).toEqual(data.integrationLogs.slice(10, 20));
    expect((await call('bots.info', { bot: data.bots[0].id })).body).toEqual({ ok: true, bot: data.bots[0] });
    expect((await call('bots.info', { bot: 'B0NOPE' })).body).toEqual({ ok: false, error: 'bot_not_found' });
  });

  it('serves the Audit Logs API: GET /audit/v1/logs filtered by action, newest first, cursor paged', async () => {
    const installs = data.auditLogs.filter((e) => e.action === 'app_installed');
    expect(installs.length).toBeLessThan(data.auditLogs.length);
    const get = async (query: string) =>
      (await (
        await fetch(`${s.emulator.url}/audit/v1/logs?${query}`, { headers: { authorization: `Bearer ${s.token}` } })
      ).json()) as { entries: Array<{ id: string }>; response_metadata: { next_cursor: string } };
    const first = await get('action=app_installed&limit=5');
    expect(first.entries.map((e) => e.id)).toEqual(installs.slice(0, 5).map((e) => e.id));
    const rest = await get(`action=app_installed&limit=9999&cursor=${first.response_metadata.next_cursor}`);
    expect(rest.entries.length).toBe(installs.length - 5);
    expect(rest.response_metadata.next_cursor).toBe('');
  });

  it('filters the Audit Logs API by oldest and latest (epoch seconds, inclusive)', async () => {
    const times = data.auditLogs.map((e) => e.date_create).sort((a, b) => a - b);
    const [oldest, latest] = [times[1]!, times[times.length - 2]!];
    const body = (await (
      await fetch(`${s.emulator.url}/audit/v1/logs?oldest=${oldest}&latest=${latest}&limit=9999`, {
        headers: { authorization: `Bearer ${s.token}` },
      })
    ).json()) as { ok: boolean; entries: Array<{ date_create: number }> };
    const expected = data.auditLogs.filter((e) => e.date_create >= oldest && e.date_create <= latest);
    expect(body.ok).toBe(true);
    expect(body.entries.map((e) => e.date_create)).toEqual(expected.map((e) => e.date_create));
  });

  it('speaks Slack on faults: 429 + Retry-After ratelimited, HTTP 404 unknown_method, missing_scope refusals', async () => {
    s.emulator.faults.set({ throttleEvery: 1, retryAfterSeconds: 3 });
    const limited = await call('auth.test');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
    s.emulator.faults.set({ endpoints: [{ endpoint: 'POST /api/bots.info', fault: '403' }] });
    expect((await call('bots.info', { bot: data.bots[0].id })).body).toMatchObject({
      ok: false,
      error: 'missing_scope',
    });
    s.emulator.faults.reset();
    expect(await call('apps.nothing')).toMatchObject({ status: 404, body: { ok: false, error: 'unknown_method' } });
  });
});
