import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignOwner } from '../../analysis/ownership/index.js';
import { runAnalysis } from '../../analysis/run-analysis.js';
import { StewardConfig } from '../../config/schema.js';
import { type Estate, generateEstate, type IdentityLabel } from '../../emulation/estate/index.js';
import { fixedClock } from '../../lib/clock.js';
import { UserError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/logger.js';
import { ANALYSIS_CATALOGUE, REMEDIATION_ACTIONS } from '../../platforms/registry.js';
import { type Store, verifyAuditChain } from '../../store/index.js';
import { scanEmulatedEstate } from '../../testing/emulated-scan.js';
import { openTestStore } from '../../testing/store.js';
import { loadPlan } from '../plans-store.js';
import {
  attest,
  type CloseRequest,
  closeCampaign,
  listTasks,
  loadCampaign,
  parseWhen,
  remind,
  reviewCsv,
  reviewHtml,
  reviewNotifications,
  reviewTotals,
  startCampaign,
} from './index.js';

/**
 * Access reviews on the emulated demo estate (Entra), scanned through the connector and attributed by the ownership
 * step. Who each task goes to, and whose manager an overdue task escalates to, come from the estate's labels.
 */
const PLATFORM = 'entra' as const;
let estate: Estate;
let store: Store;
let now: Date;
const DAY = 86_400_000;
const FALLBACK = 'security-reviews@example.test';

const people = () => new Map(estate.labels.people.map((p) => [p.email.toLowerCase(), p]));
const labels = () => estate.labels.identities.filter((l) => l.platform === PLATFORM);
/** The label's owner when it is a current person (the task's expected assignee), else null (the fallback's). */
function currentOwner(l: IdentityLabel): string | null {
  const email = l.owner?.email?.toLowerCase();
  return email && people().get(email)?.status === 'active' ? email : null;
}

beforeAll(async () => {
  estate = await generateEstate({ size: 120, seed: 7, platforms: [PLATFORM], now: '2026-11-01T00:00:00Z' });
  now = new Date(estate.now);
  store = await openTestStore('sqlite');
  await scanEmulatedEstate(estate, store);
  const clock = fixedClock(estate.now);
  await runAnalysis({
    store,
    config: StewardConfig.parse({}),
    clock,
    log: silentLogger,
    catalogue: ANALYSIS_CATALOGUE,
  });
}, 180_000);
afterAll(async () => store?.close());

const start = (name: string, extra: Partial<Parameters<typeof startCampaign>[1]> = {}) =>
  startCampaign(store, {
    name,
    scope: { platform: PLATFORM },
    deadline: new Date(now.getTime() + 14 * DAY),
    fallbackReviewer: FALLBACK,
    admins: [],
    createdBy: 'alice',
    now,
    ...extra,
  });

describe('access review campaigns', () => {
  it('refuses a scope with orphans and no fallback reviewer, naming how many; stores nothing', async () => {
    const orphans = labels().filter((l) => !currentOwner(l)).length;
    expect(orphans).toBeGreaterThan(0);
    await expect(start('no-fallback', { fallbackReviewer: null })).rejects.toThrow(
      new RegExp(`^${orphans} of ${labels().length} identities in scope have no current owner`),
    );
    await expect(loadCampaign(store, 'no-fallback')).rejects.toBeInstanceOf(UserError);
  });

  it('creates one task per identity, assigned to its labelled owner, orphans to the fallback reviewer', async () => {
    const c = await start('Q4');
    const tasks = new Map((await listTasks(store, { campaignId: c.id })).map((t) => [t.identityId, t.assignee]));
    const want = new Map(labels().map((l) => [l.id, currentOwner(l) ?? FALLBACK]));
    expect(tasks).toEqual(want);
    await expect(start('Q4')).rejects.toThrow(/named "Q4" exists/);
  });

  it('records attestations by the assignee or an admin, refuses anyone else', async () => {
    const c = await start('attest', { admins: ['auditor'] });
    const [owned, other] = (await listTasks(store, { campaignId: c.id })).filter((t) => t.assigneeKind === 'owner');
    if (!owned || !other) throw new Error('the estate has fewer than two owned Entra identities');
    const by = (attester: string, decision: 'keep' | 'revoke' | 'reassign', reassignTo?: string) =>
      attest(store, { campaign: 'attest', identityId: owned.identityId, decision, attester, reassignTo, now });
    await expect(by('mallory@example.test', 'keep')).rejects.toThrow(/may not attest/);
    await expect(by(owned.assignee, 'reassign')).rejects.toThrow(/needs the new owner/);
    expect((await by(owned.assignee.toUpperCase(), 'keep')).attestedBy).toBe(owned.assignee.toUpperCase());
    const byAdmin = await by('auditor', 'revoke');
    const [stored] = (await listTasks(store, { campaignId: c.id })).filter((t) => t.identityId === owned.identityId);
    expect(stored).toMatchObject({ decision: 'revoke', attestedBy: 'auditor', attestedAt: now.toISOString() });
    expect(byAdmin.decision).toBe('revoke');
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'review.attest')
      .execute();
    expect(audit.filter((a) => a.target === `${c.id}#${owned.identityId}`)).toHaveLength(2);
  });
});

describe('reminders and escalation', () => {
  it('lists tasks due soon, then escalates overdue ones to the labelled manager of the owner', async () => {
    const c = await start('remind', { deadline: new Date(now.getTime() + 2 * DAY) });
    const dueSoon = await remind(store, { campaign: c.id, now, dueWithinDays: 3, managerOf: () => null, actor: 'bot' });
    expect(dueSoon.map((r) => r.state)).toEqual(labels().map(() => 'due-soon'));
    const early = await remind(store, { campaign: c.id, now, dueWithinDays: 1, managerOf: () => null, actor: 'bot' });
    expect(early).toEqual([]);

    const { loadPeopleIndex } = await import('../../analysis/ownership/index.js');
    const index = await loadPeopleIndex(store, ANALYSIS_CATALOGUE.peopleSources);
    const later = new Date(now.getTime() + 3 * DAY);
    const overdue = await remind(store, {
      campaign: c.id,
      now: later,
      dueWithinDays: 3,
      managerOf: (email) => index.byEmailAddress(email)?.managerEmail ?? null,
      actor: 'bot',
    });
    const byId = new Map(labels().map((l) => [l.id, l]));
    for (const r of overdue.filter((x) => x.task.assigneeKind === 'owner')) {
      const owner = currentOwner(byId.get(r.task.identityId) as IdentityLabel) as string;
      expect(r.escalateTo).toBe(people().get(owner)?.managerEmail?.toLowerCase() ?? null);
    }
    for (const r of overdue) expect(r.escalateTo ?? r.note).toBeTruthy();
    expect(overdue.filter((r) => r.escalateTo).length).toBeGreaterThan(0);
    const stored = await listTasks(store, { campaignId: c.id });
    expect(stored.every((t) => t.escalatedAt === later.toISOString())).toBe(true);

    const notes = reviewNotifications(overdue, 'https://steward.example.test/');
    expect(notes.every((n) => n.kind === 'review-task' && n.severity === 'high')).toBe(true);
    expect(notes.reduce((n, x) => n + x.lines.length - 2, 0)).toBe(overdue.length);
    expect(notes[0]?.link).toBe(`https://steward.example.test/reviews/${c.id}`);
  });

  it('says who has no manager instead of escalating to nobody silently', async () => {
    const c = await start('no-manager', { deadline: new Date(now.getTime() + DAY) });
    const r = await remind(store, {
      campaign: c.id,
      now: new Date(now.getTime() + 2 * DAY),
      dueWithinDays: 0,
      managerOf: () => null,
      dryRun: true,
      actor: 'bot',
    });
    const owned = r.find((x) => x.task.assigneeKind === 'owner');
    expect(owned?.note).toBe(`no people source records a manager for ${owned?.task.assignee}`);
    expect((await listTasks(store, { campaignId: c.id })).every((t) => t.escalatedAt === null)).toBe(true);
  });
});

describe('closing feeds remediation', () => {
  it('turns revokes into one unapproved plan and reassigns into owner assignments', async () => {
    const c = await start('close');
    const tasks = await listTasks(store, { campaignId: c.id });
    const spIds = new Set(
      labels()
        .filter((l) => l.id.includes(':servicePrincipal:'))
        .map((l) => l.id),
    );
    const [revokeA, revokeB] = tasks.filter((t) => spIds.has(t.identityId));
    const reassign = tasks.find((t) => t !== revokeA && t !== revokeB);
    if (!revokeA || !revokeB || !reassign) throw new Error('the estate has too few Entra service principals');
    for (const t of [revokeA, revokeB])
      await attest(store, { campaign: c.id, identityId: t.identityId, decision: 'revoke', attester: 'alice', now });
    await attest(store, {
      campaign: c.id,
      identityId: reassign.identityId,
      decision: 'reassign',
      reassignTo: 'new.owner@example.test',
      attester: 'alice',
      now,
    });
    const request = {
      campaign: 'close',
      actor: 'carol',
      now,
      actions: [...REMEDIATION_ACTIONS.values()].filter((a) => a.disruptive),
      dependencyDays: 30,
      reassign: async (ids, to, note) => {
        await assignOwner(store, {
          ids,
          email: to,
          team: null,
          by: 'carol',
          note,
          now: estate.now,
          peopleSources: ANALYSIS_CATALOGUE.peopleSources,
        });
      },
    } satisfies CloseRequest;
    const result = await closeCampaign(store, request);
    const plan = await loadPlan(store, result.planId as string);
    expect(plan.status).toBe('planned');
    expect(plan.content.planner).toBe('carol');
    expect(plan.actualHash).toBe(plan.contentHash);
    expect(new Set(plan.content.items.map((i) => i.target.identityId))).toEqual(
      new Set([revokeA.identityId, revokeB.identityId]),
    );
    expect(plan.content.items.map((i) => i.actionId)).toContain('entra.service-principal.disable');
    expect(result).toMatchObject({ kept: 0, undecided: tasks.length - 3, revokeWithoutAction: [] });
    const own = await store.db
      .selectFrom('ownership')
      .selectAll()
      .where('identity_id', '=', reassign.identityId)
      .executeTakeFirst();
    expect(own?.owner_email).toBe('new.owner@example.test');
    expect((await loadCampaign(store, c.id)).status).toBe('closed');
    await expect(closeCampaign(store, { ...request, campaign: c.id })).rejects.toThrow(/already closed/);
    // A close interrupted after planning (the campaign still open) reuses its plan instead of planning twice.
    await store.db.updateTable('review_campaigns').set({ status: 'open' }).where('id', '=', c.id).execute();
    expect((await closeCampaign(store, { ...request, campaign: c.id })).planId).toBe(result.planId);
    await expect(
      attest(store, { campaign: c.id, identityId: reassign.identityId, decision: 'keep', attester: 'alice', now }),
    ).rejects.toThrow(/is closed/);
    expect((await verifyAuditChain(store.db)).broken).toBeNull();
  });
});

describe('completion report', () => {
  it('has every task, the totals, and neutralises a hostile vendor name in CSV and HTML', async () => {
    const [first] = labels();
    const hostile = '=HYPERLINK("http://evil")<script>x</script>\u202e';
    await store.db
      .updateTable('identities')
      .set({ name: hostile })
      .where('id', '=', (first as IdentityLabel).id)
      .execute();
    const c = await start('report');
    const tasks = await listTasks(store, { campaignId: c.id });
    const csv = reviewCsv(c, tasks, now);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")<script>x</script>\\u202e"`);
    expect(csv.trim().split('\n')).toHaveLength(1 + tasks.length + 3);
    const html = reviewHtml(c, tasks, now);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(reviewTotals(c, tasks)).toMatchObject({ tasks: labels().length, undecided: labels().length });
  });

  it('reads deadlines as durations or dates, and names a bad one', () => {
    expect(parseWhen('14d', now).getTime() - now.getTime()).toBe(14 * DAY);
    expect(parseWhen('2026-12-31', now).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(() => parseWhen('soon', now)).toThrow(/--deadline soon: expected a duration/);
  });
});
