import { beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../analysis/run-analysis.js';
import { StewardConfig } from '../../config/schema.js';
import { generateEstate } from '../../emulation/estate/index.js';
import { fixedClock } from '../../lib/clock.js';
import { silentLogger } from '../../lib/logger.js';
import { ANALYSIS_CATALOGUE } from '../../platforms/registry.js';
import { actionDrill } from '../../testing/remediation.js';
import { applyPlan } from '../workflow.js';
import { byOwner, type RotationItem, rotationStatus, startRotation } from './rotation.js';

/**
 * Rotation campaigns on the emulated demo estate (Entra, served live): which credentials are in scope comes from the
 * estate's labels; progress comes from a real change (client secrets removed through the remediation workflow) and a
 * re-scan. Unknown (a source that did not answer, a failed scan) never counts as done.
 */
const drill = actionDrill('entra');
const DAY = 86_400_000;
let now: Date;

beforeAll(async () => {
  now = new Date(drill.live.now);
  const clock = fixedClock(drill.live.now);
  await runAnalysis({
    store: drill.store,
    config: StewardConfig.parse({}),
    clock,
    log: silentLogger,
    catalogue: ANALYSIS_CATALOGUE,
  });
}, 120_000);

/** The labelled credentials a correct campaign covers: enabled, created over 90 days ago or expiring within 30. */
async function labelledInScope(): Promise<string[]> {
  const estate = await generateEstate({ platforms: ['entra'], size: 60, seed: 7, now: drill.live.now });
  return estate.labels.identities
    .filter((l) => l.platform === 'entra')
    .flatMap((l) => l.credentials)
    .filter((c) => c.enabled)
    .filter(
      (c) =>
        (c.createdAt && now.getTime() - Date.parse(c.createdAt) > 90 * DAY) ||
        (c.expiresAt && Date.parse(c.expiresAt) - now.getTime() <= 30 * DAY),
    )
    .map((c) => c.id)
    .sort();
}

describe('rotation campaigns', () => {
  let items: RotationItem[] = [];

  it('covers every enabled credential older than the window or expiring soon, grouped by owner', async () => {
    const started = await startRotation(drill.store, {
      name: 'R1',
      criteria: { olderThanDays: 90, expiringWithinDays: 30, platform: 'entra' },
      createdBy: 'alice',
      now,
    });
    items = started.items;
    expect(items.map((i) => i.credentialId).sort()).toEqual(await labelledInScope());
    expect(byOwner(items).reduce((n, [, xs]) => n + xs.length, 0)).toBe(items.length);
    await expect(
      startRotation(drill.store, {
        name: 'R2',
        criteria: { olderThanDays: null, expiringWithinDays: null },
        createdBy: 'a',
        now,
      }),
    ).rejects.toThrow(/needs --older-than/);
  });

  it('counts a credential removed at the vendor as done after a re-scan; the rest stay open', async () => {
    const secret = items.find((i) => i.identityId.includes(':application:') && / client_secret /.test(i.label));
    if (!secret) throw new Error('no Entra client secret in the campaign');
    const plan = await drill.approvedPlan('entra.application-password.remove', [secret.identityId]);
    const removed = new Set(plan.content.items.map((i) => i.target.credentialId));
    expect((await applyPlan(drill.step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    await drill.live.scan(drill.store);
    const status = await rotationStatus(drill.store, 'R1', now);
    for (const i of status.items) {
      expect(`${i.credentialId} ${i.state} ${i.detail}`).toBe(
        `${i.credentialId} ${removed.has(i.credentialId) ? 'done no longer listed' : 'open null'}`,
      );
      if (removed.has(i.credentialId)) expect(i.detail).toBe('no longer listed');
    }
  }, 120_000);

  it('counts a credential replaced by a newer one of the same type (made since the campaign started) as done', async () => {
    const [item] = (await rotationStatus(drill.store, 'R1', now)).items.filter((i) => i.state === 'open');
    if (!item) throw new Error('nothing open');
    const old = await drill.store.db
      .selectFrom('credentials')
      .selectAll()
      .where('id', '=', item.credentialId)
      .executeTakeFirstOrThrow();
    const created = new Date(now.getTime() + 3_600_000).toISOString();
    await drill.store.db
      .insertInto('credentials')
      .values({ ...old, id: `${old.id}-new`, name: 'rotated', created_at: created })
      .execute();
    const after = (await rotationStatus(drill.store, 'R1', now)).items.find(
      (i) => i.credentialId === item.credentialId,
    );
    expect(after).toMatchObject({ state: 'done', detail: `replaced by rotated (created ${created.slice(0, 10)})` });
  });

  it('keeps a credential whose source did not answer unknown, not done; a failed scan makes its tenant unknown', async () => {
    const open = (await rotationStatus(drill.store, 'R1', now)).items.filter((i) => i.state === 'open');
    const [first] = open;
    if (!first) throw new Error('nothing open');
    await drill.store.db
      .updateTable('identities')
      .set({ stale: JSON.stringify([{ field: 'credentials', source: 'graph applications' }]) })
      .where('id', '=', first.identityId)
      .execute();
    const after = (await rotationStatus(drill.store, 'R1', now)).items.find(
      (i) => i.credentialId === first.credentialId,
    );
    expect(after).toMatchObject({
      state: 'unknown',
      detail: 'graph applications did not answer in the last scan: credentials not read',
    });

    await drill.store.db
      .insertInto('sync_runs')
      .values({
        id: 'run-failed',
        platform: first.platform,
        tenant: first.tenant,
        scope: '',
        started_at: new Date(now.getTime() + DAY).toISOString(),
        finished_at: null,
        status: 'failed',
        mode: 'full',
        counts: '{}',
        api_calls: 0,
        pages: 0,
        retries: 0,
        errors: '[]',
        sources: '[]',
      })
      .execute();
    const failed = (await rotationStatus(drill.store, 'R1', now)).items;
    expect(
      failed.filter((i) => i.state !== 'done').every((i) => i.state === 'unknown' && /failed/.test(i.detail ?? '')),
    ).toBe(true);
    expect(failed.filter((i) => i.state === 'done').length).toBeGreaterThan(0);
  });
});
