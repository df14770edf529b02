import { BUILTIN_RULES } from '../../platforms/registry.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { Identity, type IdentityInput } from '../../model/index.js';
import { StewardConfig } from '../../config/schema.js';
import { removeIdentities, writeIdentities, type Store } from '../../store/index.js';
import { ENGINES, openTestStore } from '../../testing/store.js';
import { countOpenFindingsAtOrAbove, getFinding, listFindings, runRiskAnalysis, suppressFinding } from './index.js';

const config = StewardConfig.parse({});
const T = (day: number) => `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`;

function identity(over: Partial<IdentityInput> = {}): Identity {
  const platform = over.platform ?? 'github';
  const tenant = over.tenant ?? 'acme';
  const nativeId = over.nativeId ?? 'bot-1';
  return Identity.parse({
    id: `${platform}:${tenant}:bot:${nativeId}`,
    platform,
    tenant,
    kind: 'bot',
    nativeType: 'bot',
    nativeId,
    name: nativeId,
    ...over,
  });
}

async function put(store: Store, identities: Identity[], at: string) {
  await writeIdentities(store, identities, `run-${at}`, at);
}

const run = (store: Store, day: number, scopes?: Array<{ platform: string; tenant?: string }>) =>
  runRiskAnalysis(store, { config, clock: fixedClock(T(day)), scopes, builtinRules: BUILTIN_RULES });

describe.each(ENGINES)('findings lifecycle on %s', (engine) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it('opens, resolves when no longer true, reopens, keeps first seen', async () => {
    store = await openTestStore(engine);
    const id = 'nhi-interactive|github:acme:bot:bot-1';
    await put(store, [identity({ interactive: true })], T(1));
    const r1 = await run(store, 1);
    expect(r1.findings.opened).toBeGreaterThan(0);
    expect(await getFinding(store, id)).toMatchObject({
      status: 'open',
      firstSeen: T(1),
      lastSeen: T(1),
      resolvedAt: null,
      severity: 'medium',
    });

    await put(store, [identity({ interactive: false })], T(2));
    const r2 = await run(store, 2);
    expect(r2.findings.resolved).toBe(1);
    expect(await getFinding(store, id)).toMatchObject({ status: 'resolved', resolvedAt: T(2), firstSeen: T(1) });
    // nhi-no-owner stays true and stays open.
    expect(await getFinding(store, 'nhi-no-owner|github:acme:bot:bot-1')).toMatchObject({
      status: 'open',
      lastSeen: T(2),
    });

    await put(store, [identity({ interactive: true })], T(3));
    const r3 = await run(store, 3);
    expect(r3.findings.reopened).toBe(1);
    const f = await getFinding(store, id);
    expect(f).toMatchObject({ status: 'reopened', firstSeen: T(1), lastSeen: T(3), resolvedAt: null });
    expect(f!.evidence[0]).toMatchObject({ field: 'interactive', value: true });

    // Default listing shows open + reopened; status filter narrows.
    expect((await listFindings(store)).map((x) => x.id)).toContain(id);
    expect((await listFindings(store, { statuses: ['open'] })).map((x) => x.id)).not.toContain(id);
  });

  it('keeps a suppression until it expires, then the finding comes back', async () => {
    store = await openTestStore(engine);
    const id = 'nhi-interactive|github:acme:bot:bot-1';
    await put(store, [identity({ interactive: true })], T(1));
    await run(store, 1);
    await expect(suppressFinding(store, 'nope|x', { reason: 'r', by: 'me', until: null }, T(1))).rejects.toThrow(
      /no finding with id "nope\|x"/,
    );
    await expect(suppressFinding(store, id, { reason: 'r', by: 'me', until: T(1) }, T(2))).rejects.toThrow(
      /not in the future/,
    );
    await suppressFinding(store, id, { reason: 'break-glass account, reviewed', by: 'alice', until: T(5) }, T(2));
    expect(await countOpenFindingsAtOrAbove(store, 'medium')).toBe(1); // nhi-no-owner only

    const r = await run(store, 3);
    expect(r.findings.suppressed).toBe(1);
    expect(await getFinding(store, id)).toMatchObject({
      status: 'suppressed',
      lastSeen: T(3),
      suppression: { reason: 'break-glass account, reviewed', by: 'alice', until: T(5) },
    });
    expect((await listFindings(store)).map((x) => x.id)).not.toContain(id);

    await run(store, 6);
    expect(await getFinding(store, id)).toMatchObject({
      status: 'open',
      suppression: null,
      firstSeen: T(1),
      lastSeen: T(6),
    });
    expect(await countOpenFindingsAtOrAbove(store, 'medium')).toBe(2);
  });

  it('resolves an expired suppression whose condition no longer holds; a live one is left alone', async () => {
    store = await openTestStore(engine);
    const a = 'nhi-interactive|github:acme:bot:a';
    const b = 'nhi-interactive|github:acme:bot:b';
    await put(
      store,
      [identity({ nativeId: 'a', interactive: true }), identity({ nativeId: 'b', interactive: true })],
      T(1),
    );
    await run(store, 1);
    await suppressFinding(store, a, { reason: 'r', by: 'me', until: T(3) }, T(1));
    await suppressFinding(store, b, { reason: 'r', by: 'me', until: null }, T(1));
    await put(store, [identity({ nativeId: 'a' }), identity({ nativeId: 'b' })], T(4));
    await run(store, 4);
    expect(await getFinding(store, a)).toMatchObject({ status: 'resolved', resolvedAt: T(4) });
    expect(await getFinding(store, b)).toMatchObject({ status: 'suppressed' });
  });

  it('resolves findings of vanished identities only inside the evaluated scope', async () => {
    store = await openTestStore(engine);
    const gh = identity({ interactive: true });
    const aws = identity({ platform: 'aws', tenant: '111122223333', nativeId: 'u1', interactive: true });
    await put(store, [gh, aws], T(1));
    await run(store, 1);
    await removeIdentities(store, [aws.id, gh.id], 'run-x', T(2));

    await run(store, 2, [{ platform: 'github', tenant: 'acme' }]);
    expect(await getFinding(store, `nhi-interactive|${gh.id}`)).toMatchObject({ status: 'resolved' });
    expect(await getFinding(store, `nhi-interactive|${aws.id}`)).toMatchObject({ status: 'open' });

    await run(store, 3, [{ platform: 'aws', tenant: '111122223333' }]);
    expect(await getFinding(store, `nhi-interactive|${aws.id}`)).toMatchObject({
      status: 'resolved',
      resolvedAt: T(3),
    });
  });

  it('does not resolve findings of identities outside the scope, and counts by severity and scope', async () => {
    store = await openTestStore(engine);
    const gh = identity({ interactive: true });
    const aws = identity({
      platform: 'aws',
      tenant: '111122223333',
      nativeId: 'root',
      nativeType: 'root',
      name: '<root_account>',
      credentials: [{ id: 'ak1', type: 'access_key' }],
    });
    await put(store, [gh, aws], T(1));
    await run(store, 1);
    expect(await countOpenFindingsAtOrAbove(store, 'critical')).toBe(1);
    expect(await countOpenFindingsAtOrAbove(store, 'critical', { platform: 'github' })).toBe(0);
    // The root key goes away, but only github is evaluated: the aws finding must stay open.
    await put(store, [{ ...aws, credentials: [] }], T(2));
    await run(store, 2, [{ platform: 'github' }]);
    expect(await getFinding(store, `aws-root-access-key|${aws.id}`)).toMatchObject({ status: 'open' });
    await run(store, 3, [{ platform: 'aws' }]);
    expect(await getFinding(store, `aws-root-access-key|${aws.id}`)).toMatchObject({ status: 'resolved' });
    expect(await countOpenFindingsAtOrAbove(store, 'critical')).toBe(0);
  });

  it('a re-run with nothing changed keeps status and first seen, moves last seen, and rewrites no score', async () => {
    store = await openTestStore(engine);
    const ids = ['a', 'b', 'c'].map((n) =>
      identity({ nativeId: n, interactive: true, permissions: [{ nativeName: 'admin', access: 'admin' }] }),
    );
    await put(store, ids, T(1));
    await run(store, 1);
    const suppressed = `nhi-interactive|${ids[1].id}`;
    await suppressFinding(store, suppressed, { reason: 'reviewed', by: 'me', until: T(20) }, T(1));
    // b's interactive finding is resolved and reopened, so one row of each active status is covered.
    const reopened = `nhi-interactive|${ids[2].id}`;
    await put(store, [{ ...ids[2], interactive: false }], T(2));
    await run(store, 2);
    await put(store, [ids[2]], T(3));
    await run(store, 3);
    const before = await store.db.selectFrom('findings').selectAll().orderBy('id').execute();
    const scoresBefore = await store.db.selectFrom('risk_scores').selectAll().orderBy('identity_id').execute();
    expect(before.find((f) => f.id === reopened)).toMatchObject({ status: 'reopened' });

    const r = await run(store, 4);
    expect(r.findings).toMatchObject({ opened: 0, reopened: 0, resolved: 0, suppressed: 1 });
    expect(r.findings.stillOpen).toBe(before.filter((f) => f.status === 'open' || f.status === 'reopened').length);
    const after = await store.db.selectFrom('findings').selectAll().orderBy('id').execute();
    expect(after.map((f) => f.id)).toEqual(before.map((f) => f.id));
    for (const [n, f] of after.entries()) {
      const was = before[n];
      expect({ ...f, last_seen: was.last_seen }).toEqual(was);
      expect(f.last_seen).toBe(was.status === 'resolved' ? was.last_seen : T(4));
    }
    expect(after.find((f) => f.id === suppressed)).toMatchObject({
      status: 'suppressed',
      first_seen: T(1),
      last_seen: T(4),
      suppressed_until: T(20),
    });
    // Scores did not change, so they are not rewritten: computed_at is when a score last changed.
    expect(await store.db.selectFrom('risk_scores').selectAll().orderBy('identity_id').execute()).toEqual(scoresBefore);
  });

  it("stores each identity's worst open finding as its fix-first rank, through suppression and its expiry", async () => {
    store = await openTestStore(engine);
    const admin = 'github:acme:bot:admin';
    const plain = 'github:acme:bot:plain';
    await put(
      store,
      [
        identity({ nativeId: 'admin', permissions: [{ nativeName: 'admin', access: 'admin' }] }),
        identity({ nativeId: 'plain' }),
      ],
      T(1),
    );
    // The ranks risk_scores.open_rank holds, and what the findings listing (open and reopened) says they should be.
    const RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
    const stored = async () =>
      Object.fromEntries(
        (await store.db.selectFrom('risk_scores').select(['identity_id', 'open_rank']).execute()).map((r) => [
          r.identity_id,
          Number(r.open_rank),
        ]),
      );
    const listed = async () => {
      const worst: Record<string, number> = { [admin]: -1, [plain]: -1 };
      for (const f of await listFindings(store)) worst[f.identityId] = Math.max(worst[f.identityId], RANK[f.severity]);
      return worst;
    };
    await run(store, 1);
    expect(await stored()).toEqual(await listed());
    // nhi-admin-privilege is high; nothing on the plain bot is above medium (nhi-no-owner).
    expect((await stored())[admin]).toBe(RANK.high);
    expect((await stored())[plain]).toBe(RANK.medium);

    await suppressFinding(store, `nhi-admin-privilege|${admin}`, { reason: 'r', by: 'me', until: T(5) }, T(2));
    expect((await stored())[admin]).toBe(RANK.medium);
    await run(store, 3);
    expect(await stored()).toEqual(await listed());
    expect((await stored())[admin]).toBe(RANK.medium);

    await run(store, 6); // the suppression has expired: the finding is open again
    expect((await stored())[admin]).toBe(RANK.high);
    expect(await stored()).toEqual(await listed());
  });

  it('stores a risk score with its explanation per identity', async () => {
    store = await openTestStore(engine);
    await put(
      store,
      [
        identity({
          nativeId: 'admin',
          permissions: [{ nativeName: 'admin', access: 'admin' }],
          credentials: [{ id: 'k', type: 'token', createdAt: '2020-01-01T00:00:00Z' }],
        }),
        identity({ nativeId: 'plain' }),
      ],
      T(1),
    );
    await run(store, 1);
    const rows = await store.db.selectFrom('risk_scores').selectAll().orderBy('score', 'desc').execute();
    expect(rows.map((r) => r.identity_id)).toEqual(['github:acme:bot:admin', 'github:acme:bot:plain']);
    expect(Number(rows[0].score)).toBeGreaterThan(Number(rows[1].score));
    expect(Number(rows[0].privilege)).toBe(35);
    expect(rows[0].explanation).toContain('privilege 35/35 (admin: admin)');
    expect(rows[1].explanation).toContain('ownership 12/15 (no owner)');
  });
});

describe.each(ENGINES)('findings on data a scan could not read, on %s', (engine) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it('a stale field freezes only the rules that read it; a gone identity resolves with reason "identity gone"', async () => {
    store = await openTestStore(engine);
    const neverUsed = {
      createdAt: '2025-01-01T00:00:00.000Z',
      lastUsedAt: null,
      lastUsedSource: 'sign-in activity',
      interactive: true,
    };
    // B: the usage source answered and found no use. A: it did not answer (first sighting, nothing stored to keep).
    const a = identity({ nativeId: 'a', ...neverUsed, stale: [{ field: 'lastUsedAt', source: 'sign-in-activity' }] });
    const b = identity({ nativeId: 'b', ...neverUsed });
    await put(store, [a, b], T(1));
    await run(store, 1);
    const open = async (id: string) =>
      (await listFindings(store)).filter((f) => f.identityId === id && f.status === 'open').map((f) => f.ruleId);
    expect(await open(b.id)).toContain('nhi-never-used');
    expect(await open(a.id)).not.toContain('nhi-never-used'); // not raised from missing data
    expect(await open(a.id)).toContain('nhi-interactive'); // reads `interactive`, which was read

    // A's usage is still unknown and it stopped being interactive: the usage rule stays as it was, the other resolves.
    await put(store, [{ ...a, interactive: false }], T(2));
    await run(store, 2);
    expect(await getFinding(store, `nhi-interactive|${a.id}`)).toMatchObject({
      status: 'resolved',
      resolvedReason: 'no longer true',
    });

    await removeIdentities(store, [b.id], 'run-gone', T(3));
    await run(store, 3);
    expect(await getFinding(store, `nhi-never-used|${b.id}`)).toMatchObject({
      status: 'resolved',
      resolvedAt: T(3),
      resolvedReason: 'identity gone',
    });
    // Its score goes with it; A's stays.
    const scored = await store.db.selectFrom('risk_scores').select('identity_id').execute();
    expect(scored.map((r) => r.identity_id)).toEqual([a.id]);
  });
});
