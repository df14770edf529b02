import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { SlackEstateData } from '../estate/types.js';
import { startSlackEmulator } from './index.js';

/** admin.apps.restrict / admin.apps.approve as Slack documents them: arguments, errors, and the lists they change. */
let data: SlackEstateData;
let s: Awaited<ReturnType<typeof startSlackEmulator>>;
beforeAll(async () => {
  const estate = await generateEstate({ platforms: ['slack'], size: 120, seed: 4, now: '2026-11-01T00:00:00.000Z' });
  data = estate.platforms.slack as SlackEstateData;
  s = await startSlackEmulator(data);
});
afterAll(async () => {
  await s?.emulator.close();
});

interface Answer {
  ok: boolean;
  error?: string;
  approved_apps: Array<{ app: { id: string }; last_resolved_by?: { actor_id: string } }>;
  restricted_apps: Array<{ app: { id: string }; last_resolved_by?: { actor_id: string } }>;
  app_requests: Array<{ id: string; app: { id: string } }>;
  user_id: string;
}
async function call(method: string, form: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${s.emulator.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${s.token}` },
    body: new URLSearchParams(form).toString(),
  });
  return (await response.json()) as Answer;
}
const org = () => ({ enterprise_id: String(data.enterpriseId), limit: '1000' });
const ids = (entries: Array<{ app: { id: string } }>) => entries.map((e) => e.app.id);

describe('Slack emulator: app resolutions', () => {
  it('refuses calls without exactly one scope, without an app, or naming an unknown app or request', async () => {
    const app_id = data.approvedApps[0].app.id;
    expect(await call('admin.apps.restrict', { app_id })).toEqual({ ok: false, error: 'invalid_arguments' });
    expect(await call('admin.apps.restrict', { app_id, team_id: data.team.id, enterprise_id: 'E1' })).toEqual({
      ok: false,
      error: 'too_many_teams_provided',
    });
    expect(await call('admin.apps.restrict', { team_id: data.team.id })).toEqual({
      ok: false,
      error: 'invalid_arguments',
    });
    expect(await call('admin.apps.approve', { app_id: 'A0NOPE', team_id: data.team.id })).toEqual({
      ok: false,
      error: 'invalid_app_id',
    });
    expect(await call('admin.apps.approve', { request_id: 'Ar0NOPE', team_id: data.team.id })).toEqual({
      ok: false,
      error: 'invalid_request_id',
    });
    expect(await call('admin.apps.restrict', { app_id, team_id: 'T0NOPE' })).toEqual({
      ok: false,
      error: 'team_not_found',
    });
    expect(ids((await call('admin.apps.approved.list', org())).approved_apps)).toContain(app_id);
  });

  it('moves an app between the lists, stamped with the token user, and resolves a pending request', async () => {
    const app_id = data.approvedApps[1].app.id;
    const admin = (await call('auth.test', {})).user_id;
    expect(await call('admin.apps.restrict', { app_id, enterprise_id: String(data.enterpriseId) })).toEqual({
      ok: true,
    });
    expect(ids((await call('admin.apps.approved.list', org())).approved_apps)).not.toContain(app_id);
    const restricted = (await call('admin.apps.restricted.list', org())).restricted_apps;
    expect(restricted.find((e) => e.app.id === app_id)?.last_resolved_by?.actor_id).toBe(admin);
    expect(await call('admin.apps.approve', { app_id, team_id: data.team.id })).toEqual({ ok: true });
    expect(ids((await call('admin.apps.approved.list', org())).approved_apps)).toContain(app_id);
    expect(ids((await call('admin.apps.restricted.list', org())).restricted_apps)).not.toContain(app_id);

    const request = data.requests[0];
    expect(request).toBeDefined();
    expect(await call('admin.apps.restrict', { request_id: request.id, team_id: data.team.id })).toEqual({ ok: true });
    const pending = (await call('admin.apps.requests.list', org())).app_requests;
    expect(pending.map((r) => r.id)).not.toContain(request.id);
    expect(ids((await call('admin.apps.restricted.list', org())).restricted_apps)).toContain(request.app.id);
    // The estate the emulator started from is not changed.
    expect(data.requests[0]).toBe(request);
    expect(ids(data.approvedApps)).toContain(app_id);
  });

  it('answers not_allowed_token_type on a workspace that is not on Enterprise Grid', async () => {
    const other = await startSlackEmulator({ ...data, enterpriseId: null });
    try {
      const r = await fetch(`${other.emulator.url}/api/admin.apps.restrict`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `team_id=${data.team.id}&app_id=${data.approvedApps[0].app.id}`,
      });
      expect(await r.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
    } finally {
      await other.emulator.close();
    }
  });
});
