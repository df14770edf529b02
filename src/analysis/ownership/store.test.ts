import { ANALYSIS_CATALOGUE, PEOPLE_SOURCES } from '../../platforms/registry.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestStore } from '../../testing/store.js';
import { fixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/logger.js';
import {
  Identity,
  Person,
  identityId,
  personId,
  type IdentityInput,
  type OwnerClaim,
  type PersonInput,
} from '../../model/index.js';
import {
  iterateIdentityViews,
  listIdentityViews,
  removeIdentities,
  writeIdentities,
  writePeople,
  type Store,
} from '../../store/index.js';
import { ANALYSIS_STEPS } from '../steps.js';
import { StewardConfig } from '../../config/schema.js';
import { recomputeOwnership } from './compute.js';
import {
  assignOwner,
  getOwnership,
  listOwnership,
  offboardReport,
  ownershipSummary,
  unassignOwner,
} from './queries.js';
import { loadPeopleIndex } from './people.js';

const NOW = '2026-11-01T00:00:00.000Z';
const claim = (
  ref: string,
  refType: OwnerClaim['refType'],
  source: OwnerClaim['source'],
  confidence = 0.9,
): OwnerClaim => ({ ref, refType, source, confidence, evidence: `${source} ${ref}` });

function gh(n: number, claims: OwnerClaim[], extra: Partial<IdentityInput> = {}): Identity {
  return Identity.parse({
    id: identityId('github', 'acme', 'deploy_key', n),
    platform: 'github',
    tenant: 'acme',
    kind: 'deploy_key',
    nativeType: 'deploy_key',
    nativeId: String(n),
    name: `key-${n}`,
    ownerClaims: claims,
    ...extra,
  });
}
const person = (
  p: Partial<PersonInput> & { source: string; tenant: string; nativeId: string; status: PersonInput['status'] },
) => Person.parse({ id: personId(p.source, p.tenant, p.nativeId), email: null, ...p });

async function seed(store: Store) {
  await writePeople(
    store,
    [
      person({
        source: 'github',
        tenant: 'acme',
        nativeId: '1',
        login: 'alice',
        email: 'alice@acme.test',
        status: 'active',
      }),
      person({
        source: 'github',
        tenant: 'acme',
        nativeId: '2',
        login: 'bob',
        email: 'bob@acme.test',
        status: 'active',
      }),
      person({
        source: 'entra',
        tenant: 'acme.test',
        nativeId: 'u-1',
        email: 'alice@acme.test',
        status: 'active',
        managerEmail: 'bob@acme.test',
        team: 'payments',
      }),
    ],
    'run-p',
    NOW,
  );
  await writePeople(
    store,
    [
      person({
        source: 'hr',
        tenant: 'hr',
        nativeId: 'alice@acme.test',
        email: 'alice@acme.test',
        status: 'departed',
        departedAt: '2026-05-01T00:00:00.000Z',
        managerEmail: 'bob@acme.test',
        team: 'payments',
      }),
      person({
        source: 'hr',
        tenant: 'hr',
        nativeId: 'bob@acme.test',
        email: 'bob@acme.test',
        status: 'active',
        team: 'payments',
      }),
    ],
    'hr-1',
    NOW,
  );
  await writeIdentities(
    store,
    [
      gh(1, [claim('alice', 'login', 'creator')]),
      gh(2, [claim('bob', 'login', 'creator')]),
      gh(3, []),
      gh(4, [claim('bob', 'login', 'consenting_user', 0.6), claim('alice', 'login', 'creator')]),
      gh(5, [claim('ghost', 'login', 'creator')]),
    ],
    'run-1',
    NOW,
  );
}

describe.each(ENGINES)('ownership in the store (%s)', (engine) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('the ownership step runs first, writes owners with provenance, and the inventory reader sees the effective status', async () => {
    store = await openTestStore(engine);
    await seed(store);
    expect(ANALYSIS_STEPS[0]?.name).toBe('ownership');
    const lines = await ANALYSIS_STEPS[0].run({
      store,
      config: StewardConfig.parse({}),
      clock: fixedClock(NOW),
      log: createLogger({ write: () => {} }),
      catalogue: ANALYSIS_CATALOGUE,
    });
    // Owned = an active person or a team: alice departed, so keys 1 and 4 are orphans, not owned.
    expect(lines[0]).toBe('1 of 5 identities have an owner who is an active person or a team (20.0%)');
    const views = await listIdentityViews(store);
    const owner = (n: number) =>
      views.find((v) => v.id === identityId('github', 'acme', 'deploy_key', n))?.owner ?? null;
    // alice resolved through her GitHub login; the reader's joined status is HR's "departed", not GitHub's "active".
    expect(owner(1)).toMatchObject({ email: 'alice@acme.test', source: 'creator', status: 'departed' });
    expect(owner(2)).toMatchObject({ email: 'bob@acme.test', status: 'active' });
    expect(owner(3)).toBeNull();
    expect(owner(5)).toBeNull();
    const detail = await getOwnership(store, identityId('github', 'acme', 'deploy_key', 4));
    expect(detail?.candidates.map((c) => `${c.source}:${c.email}`)).toEqual([
      'creator:alice@acme.test',
      'consenting_user:bob@acme.test',
    ]);
    expect(detail?.orphanReason).toBe('owner_departed');
    expect(detail?.suggestion).toMatchObject({ email: 'bob@acme.test' });
    const orphans = await listOwnership(store, { orphans: true });
    expect(orphans.map((o) => `${o.identityId.split(':')[3]}:${o.orphanReason}`)).toEqual([
      '1:owner_departed',
      '3:no_owner',
      '4:owner_departed',
      '5:no_owner',
    ]);
  });

  it('assign/unassign recompute at once, manual wins, and stale rows go with their identity', async () => {
    store = await openTestStore(engine);
    await seed(store);
    await recomputeOwnership(store, { now: NOW, peopleSources: PEOPLE_SOURCES });
    const id1 = identityId('github', 'acme', 'deploy_key', 1);
    await assignOwner(store, {
      ids: [id1],
      email: 'Bob@acme.test',
      team: 'payments',
      by: 'secops',
      note: 'took over',
      now: NOW,
      peopleSources: PEOPLE_SOURCES,
    });
    let d = await getOwnership(store, id1);
    expect(d).toMatchObject({ ownerEmail: 'bob@acme.test', ownerTeam: 'payments', source: 'manual', orphan: false });
    expect(d?.manual?.assignedBy).toBe('secops');
    expect(d?.candidates.map((c) => c.source)).toEqual(['manual', 'manual', 'creator']);
    expect(await unassignOwner(store, [id1], NOW, PEOPLE_SOURCES)).toBe(1);
    d = await getOwnership(store, id1);
    expect(d).toMatchObject({ ownerEmail: 'alice@acme.test', source: 'creator', orphanReason: 'owner_departed' });

    // Nothing changed: nothing is rewritten. A people change rewrites only the affected decisions.
    expect((await recomputeOwnership(store, { now: NOW, peopleSources: PEOPLE_SOURCES })).written).toBe(0);
    await writePeople(
      store,
      [
        person({
          source: 'hr',
          tenant: 'hr',
          nativeId: 'bob@acme.test',
          email: 'bob@acme.test',
          status: 'departed',
          team: 'payments',
        }),
      ],
      'hr-2',
      NOW,
    );
    const changed = await recomputeOwnership(store, { now: '2026-11-02T00:00:00.000Z', peopleSources: PEOPLE_SOURCES });
    // key 2 (bob, its owner, left) and keys 1 and 4 (alice's suggested replacement was bob); 3 and 5 are untouched.
    expect(changed.written).toBe(3);
    expect((await getOwnership(store, identityId('github', 'acme', 'deploy_key', 4)))?.suggestion).toMatchObject({
      email: null,
      team: 'payments',
    });

    await removeIdentities(store, [identityId('github', 'acme', 'deploy_key', 2)], 'run-2', NOW);
    const r = await recomputeOwnership(store, { now: NOW, peopleSources: PEOPLE_SOURCES });
    expect(r.removed).toBe(1);
    expect(r.identities).toBe(4);
  });

  it('summary: owned share, orphan counts and the NHI:human ratio per tenant and overall', async () => {
    store = await openTestStore(engine);
    await seed(store);
    await recomputeOwnership(store, { now: NOW, peopleSources: PEOPLE_SOURCES });
    const s = await ownershipSummary(store, await loadPeopleIndex(store, PEOPLE_SOURCES));
    expect(s.overall).toMatchObject({
      identities: 5,
      // Owned and orphaned never overlap: owned + orphans + unverified = identities.
      owned: 1,
      ownedShare: 0.2,
      orphans: 4,
      ownerUnverified: 0,
      noOwner: 2,
      ownerDeparted: 2,
      notComputed: 0,
    });
    // Active people in the unified view: bob only (alice departed per HR).
    expect(s.overall.activePeople).toBe(1);
    expect(s.overall.nhiPerPerson).toBe(5);
    expect(s.tenants).toHaveLength(1);
    expect(s.tenants[0]).toMatchObject({
      platform: 'github',
      tenant: 'acme',
      identities: 5,
      activePeople: 1,
      nhiPerPerson: 5,
    });
    expect(s.people).toMatchObject({ total: 2, active: 1, departed: 1, withConflicts: 1 });
  });

  it('offboarding lists owned identities with suggestions, and candidate-only ones separately', async () => {
    store = await openTestStore(engine);
    await seed(store);
    await writeIdentities(
      store,
      [
        gh(6, [claim('alice', 'login', 'repo_admin', 0.3)], { createdBy: null }),
        gh(7, [claim('carol@acme.test', 'email', 'explicit_owner'), claim('alice', 'login', 'creator')]),
      ],
      'run-1',
      NOW,
    );
    await recomputeOwnership(store, { now: NOW, peopleSources: PEOPLE_SOURCES });
    const r = await offboardReport(store, 'ALICE@acme.test', await loadPeopleIndex(store, PEOPLE_SOURCES));
    expect(r.person?.status).toBe('departed');
    expect(r.owned.map((e) => e.identityId.split(':')[3])).toEqual(['1', '4', '6']);
    expect(r.owned.every((e) => e.suggestion?.email === 'bob@acme.test')).toBe(true);
    expect(r.candidateOnly.map((e) => `${e.identityId.split(':')[3]}:${e.currentOwner}`)).toEqual([
      '7:carol@acme.test',
    ]);
    const bob = await offboardReport(store, 'bob@acme.test', await loadPeopleIndex(store, PEOPLE_SOURCES));
    expect(bob.owned.map((e) => e.identityId.split(':')[3])).toEqual(['2']);
    expect(bob.candidateOnly.map((e) => e.identityId.split(':')[3])).toEqual(['4']);
  });

  it('the people index reads every page: records of one person on different pages unify, declared logins resolve', async () => {
    store = await openTestStore(engine);
    // ids sort by source: the github record comes first, 6,000 okta records fill the first page, the slack one is last.
    const filler = Array.from({ length: 6000 }, (_, i) =>
      person({ source: 'okta', tenant: 'acme', nativeId: `u${i}`, email: `user${i}@acme.test`, status: 'active' }),
    );
    await writePeople(
      store,
      [
        person({ source: 'github', tenant: 'acme', nativeId: '9', email: 'Carol@acme.test', status: 'active' }),
        ...filler,
        person({ source: 'slack', tenant: 'T1', nativeId: 'U9', email: 'carol@acme.test', status: 'disabled' }),
        person({
          source: 'hr',
          tenant: 'hr',
          nativeId: 'dave@acme.test',
          email: 'dave@acme.test',
          status: 'active',
          attributes: { logins: [{ platform: 'github', login: 'DaveGH' }], costCentre: 'cc-1' },
        }),
      ],
      'run-p',
      NOW,
    );
    const index = await loadPeopleIndex(store, PEOPLE_SOURCES);
    expect(index.size).toBe(6002);
    const carol = index.byEmailAddress('carol@acme.test');
    expect(carol?.sources).toEqual(['github', 'slack']);
    // Neither GitHub nor Slack is authoritative: the worst status wins.
    expect(carol?.status).toBe('disabled');
    expect(index.resolve('U9', 'native_user_id', 'slack', 'T1')?.key).toBe('carol@acme.test');
    expect(index.resolve('davegh', 'login', 'github', 'acme')?.key).toBe('dave@acme.test');
  });

  it('streams in pages: the view iterator and recompute agree on a few thousand identities', async () => {
    store = await openTestStore(engine);
    await seed(store);
    const many = Array.from({ length: 6200 }, (_, i) => gh(100 + i, i % 2 ? [claim('bob', 'login', 'creator')] : []));
    await writeIdentities(store, many, 'run-1', NOW);
    const r = await recomputeOwnership(store, { now: NOW, peopleSources: PEOPLE_SOURCES });
    expect(r.identities).toBe(6205);
    expect(r.owned).toBe(1 + 3100); // bob's; alice (departed) owns two of the seed's keys
    let seen = 0;
    for await (const batch of iterateIdentityViews(store, { owner: 'bob@acme.test' })) seen += batch.length;
    expect(seen).toBe(3100 + 1);
  });
});
