import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { applyPlan, rollbackPlan, verifyPlan } from '../../../remediation/index.js';
import { verifyAuditChain } from '../../../store/index.js';
import { inventorySnapshot, actionDrill } from '../../../testing/remediation.js';
import { SlackOptions } from '../connector/options.js';
import { ENV, startSlackEmulator } from '../emulator/index.js';
import type { SlackEstateData } from '../estate/types.js';
import { appRestrict } from './app-restrict.js';

/** Slack actions on the emulated Enterprise Grid org: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('slack');
const { approvedPlan, step } = drill;

/** The user the emulator's token belongs to (auth.test user_id): whoever resolves an app through the API. */
async function tokenUser(): Promise<string> {
  const tenant = drill.live.emulated.tenants.find((t) => t.platform === 'slack')!;
  const options = tenant.options as { apiUrl: string; token: { env: string } };
  const answer = await fetch(`${options.apiUrl}auth.test`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env[options.token.env]}` },
  });
  return ((await answer.json()) as { user_id: string }).user_id;
}

type Row = Awaited<ReturnType<typeof inventorySnapshot>>['identities'][number];
const attrs = (row: Row): Record<string, unknown> =>
  typeof row.attributes === 'string' ? JSON.parse(row.attributes) : (row.attributes as Record<string, unknown>);
/** A row without the resolution stamp (when and by whom), which Slack sets on every approve and restrict. */
function unstamped(row: Row): Row {
  const { resolvedAt: _at, resolvedBy: _by, ...rest } = attrs(row);
  return { ...row, attributes: JSON.stringify(rest) };
}

/** The scopes each app holds in the inventory (permissions rows), by identity id. */
async function scopes(ids: Set<string>): Promise<Array<[string, string]>> {
  const rows = await drill.store.db
    .selectFrom('permissions')
    .select(['identity_id', 'native_name'])
    .where('identity_id', 'in', [...ids])
    .orderBy('identity_id')
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => [r.identity_id, r.native_name]);
}

describe('slack actions', () => {
  it('restricts approved apps, and approving them again returns the inventory to the start but for the stamp', async () => {
    const start = await inventorySnapshot(drill.store);
    const plan = await approvedPlan('slack.app.restrict');
    const ids = new Set(plan.content.items.map((i) => i.target.identityId));
    expect(ids.size).toBeGreaterThan(0);
    const held = await scopes(ids);
    expect(held.length).toBeGreaterThan(0);
    expect(plan.content.items[0].calls[0]).toMatchObject({ method: 'POST', path: '/api/admin.apps.restrict' });
    expect((await applyPlan(step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    expect((await verifyPlan(step(plan.id))).every((o) => o.outcome === 'on the restricted list')).toBe(true);

    await drill.live.scan(drill.store);
    const touched = (rows: Row[]) => rows.filter((i) => ids.has(i.id));
    const after = touched((await inventorySnapshot(drill.store)).identities);
    expect(after.map((i) => [i.enabled, attrs(i).status])).toEqual([...ids].map(() => [0, 'restricted']));
    expect(await scopes(ids)).toEqual([]);

    expect((await rollbackPlan(step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
    await drill.live.scan(drill.store);
    const end = await inventorySnapshot(drill.store);
    expect(end.credentials).toEqual(start.credentials);
    expect(await scopes(ids)).toEqual(held);
    expect(end.identities.map(unstamped)).toEqual(start.identities.map(unstamped));
    // Untouched rows are exactly as they were; the touched apps name the token's admin as their last resolver.
    expect(end.identities.filter((i) => !ids.has(i.id))).toEqual(start.identities.filter((i) => !ids.has(i.id)));
    const admin = await tokenUser();
    expect(new Set(touched(end.identities).map((i) => attrs(i).resolvedBy))).toEqual(new Set([admin]));
    const resolvedAt = (rows: Row[]) => touched(rows).map((i) => attrs(i).resolvedAt);
    expect(resolvedAt(end.identities).filter((at, n) => at === resolvedAt(start.identities)[n])).toEqual([]);
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);

  it('refuses on a workspace that is not on Enterprise Grid, naming the reason, and Slack refuses a forced call', async () => {
    const estate = await generateEstate({ platforms: ['slack'], size: 30, seed: 5, now: '2026-11-01T00:00:00Z' });
    const data = estate.platforms.slack as SlackEstateData;
    const other = await startSlackEmulator({ ...data, enterpriseId: null });
    const previous = process.env[ENV.token];
    process.env[ENV.token] = other.token;
    try {
      const target = appRestrict.targets({
        id: 'x',
        platform: 'slack',
        tenant: data.orgName,
        nativeType: 'app',
        nativeId: data.approvedApps[0].app.id,
        name: data.approvedApps[0].app.name,
        enabled: true,
        attributes: { status: 'approved' },
      } as never)[0];
      const options = (plan: string) => ({ options: SlackOptions.parse({ ...other.tenants[0].options, plan }) });
      await expect(appRestrict.apply(options('auto'), target)).rejects.toThrow(
        /admin\.apps\.restrict exists only on Enterprise Grid \(auth\.test answered no enterprise_id\)/,
      );
      await expect(appRestrict.apply(options('standard'), target)).rejects.toThrow(/\(option plan: standard\)/);
      const forced = SlackOptions.parse({ ...other.tenants[0].options, plan: 'enterprise', teamId: data.team.id });
      await expect(appRestrict.apply({ options: forced }, target)).rejects.toThrow(
        /admin\.apps\.restrict answered ok:false not_allowed_token_type/,
      );
    } finally {
      process.env[ENV.token] = previous;
      await other.emulator.close();
    }
  });
});
