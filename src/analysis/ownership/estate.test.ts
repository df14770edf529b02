import { PEOPLE_SOURCES } from '../../platforms/registry.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../testing/store.js';
import { scanEmulatedEstate } from '../../testing/emulated-scan.js';
import { ANALYSIS_CATALOGUE, PLATFORMS } from '../../platforms/registry.js';
import { generateEstate, type Estate, type IdentityLabel } from '../../emulation/estate/index.js';
import { fixedClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/logger.js';
import type { PlatformId } from '../../model/index.js';
import { StewardConfig } from '../../config/schema.js';
import type { Store } from '../../store/index.js';
import { ownershipStep } from './step.js';
import { getOwnership, listOwnership, offboardReport, ownershipSummary, type OwnershipRow } from './queries.js';
import { loadPeopleIndex } from './people.js';
import { importEstateHr } from '../../testing/hr-export.js';

/**
 * End to end: a generated estate served by the platform emulators, scanned THROUGH the connectors (official SDKs
 * over HTTP), then the ownership step. Expectations come only from estate.labels. Works with whatever platforms
 * have a generator, an emulator and a connector registered; fails if there are none.
 */
const estate: Estate = await generateEstate({ seed: 2024, size: 500 });
const scanned = new Set<PlatformId>(PLATFORMS.filter((p) => estate.platforms[p.id] !== undefined).map((p) => p.id));
const labels = estate.labels.identities.filter((l) => scanned.has(l.platform));
const log = createLogger({ write: () => {} });

let store: Store;
let rows = new Map<string, OwnershipRow>();

async function analyse() {
  await ownershipStep.run({
    store,
    config: StewardConfig.parse({}),
    clock: fixedClock(estate.now),
    log,
    catalogue: ANALYSIS_CATALOGUE,
  });
  rows = new Map((await listOwnership(store)).map((r) => [r.identityId, r]));
}

const labelledLogin = new Map(estate.labels.people.map((p) => [p.email, p.login.toLowerCase()]));

/**
 * Compares the ownership table with the labels; returns readable mismatches. With `byLogin`, an owner found only as
 * an e-mail-less vendor account (a GitHub member without a public e-mail) counts as the labelled person when its
 * login is that person's labelled login: connector data alone cannot name the e-mail then.
 */
function attributionMismatches(ls: IdentityLabel[], byLogin = false) {
  const out: string[] = [];
  for (const l of ls) {
    const r = rows.get(l.id);
    if (!r) {
      out.push(`${l.id}: not in the store`);
      continue;
    }
    const email =
      r.ownerEmail ??
      (byLogin && l.owner?.email && r.ownerLogin && labelledLogin.get(l.owner.email) === r.ownerLogin.toLowerCase()
        ? l.owner.email
        : null);
    const got = `${email ?? (r.ownerLogin ? `login:${r.ownerLogin}` : '-')}|${l.owner?.team ? (r.ownerTeam ?? '-') : '*'}`;
    if (l.owner === null) {
      if (r.ownerEmail || r.ownerTeam || r.ownerPersonId)
        out.push(`${l.id}: label says no owner, got ${got} (${r.source})`);
      continue;
    }
    const want = `${l.owner.email ?? '-'}|${l.owner.team ?? '*'}`;
    if (got.toLowerCase() !== want.toLowerCase())
      out.push(`${l.id}: want ${want} (${l.owner.source}), got ${got} (${r.source ?? 'none'})`);
    else if (r.source !== l.owner.source)
      out.push(`${l.id}: right owner but source ${r.source}, label says ${l.owner.source}`);
  }
  return out;
}

function orphanMisses(
  ls: IdentityLabel[],
  departedReasons: string[],
  departedOn: (l: IdentityLabel) => boolean = () => true,
) {
  const out: string[] = [];
  for (const l of ls) {
    const r = rows.get(l.id);
    if (l.risks.includes('nhi-no-owner') && r?.orphanReason !== 'no_owner')
      out.push(
        `${l.id}: labelled nhi-no-owner, got ${r?.orphanReason ?? 'not orphaned'} (${r?.ownerEmail ?? r?.ownerTeam})`,
      );
    if (l.risks.includes('nhi-owner-departed') && departedOn(l) && !departedReasons.includes(String(r?.orphanReason)))
      out.push(
        `${l.id}: labelled nhi-owner-departed, got ${r?.orphanReason ?? 'not orphaned'} (${r?.ownerEmail}, ${r?.ownerStatus})`,
      );
  }
  return out;
}

beforeAll(async () => {
  if (scanned.size === 0) return;
  store = await openTestStore('sqlite');
  await scanEmulatedEstate(estate, store);
  await analyse();
}, 300_000);

afterAll(async () => {
  await store?.close();
});

describe('ownership on a generated estate scanned through connectors and emulators', () => {
  it('has at least one platform with generator, emulator and connector registered', async () => {
    expect([...scanned]).not.toEqual([]);
    expect(labels.length).toBeGreaterThan(0);
  });

  it('stores every labelled identity', async () => {
    expect(labels.filter((l) => !rows.has(l.id)).map((l) => l.id)).toEqual([]);
  });

  it('attributes every labelled identity to exactly the labelled person/team (connector data only)', async () => {
    expect(attributionMismatches(labels, true)).toEqual([]);
    const loginOnly = labels.filter((l) => l.owner?.email && rows.get(l.id)?.ownerEmail === null);
    console.info(
      `[ownership estate] connector data only: ${loginOnly.length} labelled owners known only by a vendor login without e-mail (${[...new Set(loginOnly.map((l) => l.platform))].join(',') || '-'})`,
    );
  });

  it('finds every labelled orphan without owner; departed owners where the platform itself knows departures (IdPs)', async () => {
    // GitHub knows membership, not employment: its departed owners are found once HR (or an IdP) is joined, below.
    const idp = (l: IdentityLabel) => ['entra', 'okta', 'google'].includes(l.platform);
    expect(orphanMisses(labels, ['owner_departed', 'owner_disabled'], idp)).toEqual([]);
    const missed = orphanMisses(labels, ['owner_departed', 'owner_disabled']).length;
    const total = labels.filter(
      (l) => l.risks.includes('nhi-no-owner') || l.risks.includes('nhi-owner-departed'),
    ).length;
    console.info(`[ownership estate] connector data only: orphan recall ${total - missed}/${total}`);
  });

  it("reports the owned share, equal to the labels' share", async () => {
    const s = await ownershipSummary(store, await loadPeopleIndex(store, PEOPLE_SOURCES));
    const labelled = labels.filter((l) => l.owner !== null).length / labels.length;
    expect(s.overall.identities).toBe(labels.length);
    expect(s.overall.notComputed).toBe(0);
    // Every labelled owner is found: owned (active person or team), or orphaned by a departed/disabled owner, or a
    // person no people source knows yet (unverified).
    const attributed = s.overall.owned + s.overall.ownerDeparted + s.overall.ownerDisabled + s.overall.ownerUnverified;
    expect(attributed / s.overall.identities).toBeCloseTo(labelled, 3);
    expect(s.overall.owned + s.overall.orphans + s.overall.ownerUnverified).toBe(s.overall.identities);
    console.info(
      `[ownership estate] platforms=${[...scanned].join(',')} identities=${s.overall.identities} owned=${(s.overall.ownedShare * 100).toFixed(1)}% orphans=${s.overall.orphans} (no owner ${s.overall.noOwner}, departed ${s.overall.ownerDeparted}, disabled ${s.overall.ownerDisabled}) activePeople=${s.overall.activePeople} NHI:human=${s.overall.nhiPerPerson}`,
    );
  });

  describe("after importing the organisation's HR export", () => {
    beforeAll(async () => {
      if (scanned.size === 0) return;
      await importEstateHr(store, estate);
      await analyse();
    });

    it('every labelled owner is attributed by e-mail and every labelled departed owner is found departed', async () => {
      expect(attributionMismatches(labels)).toEqual([]);
      expect(orphanMisses(labels, ['owner_departed'])).toEqual([]);
      const labelledOrphans = new Set(
        labels
          .filter((l) => l.risks.includes('nhi-no-owner') || l.risks.includes('nhi-owner-departed'))
          .map((l) => l.id),
      );
      const extra = [...rows.values()]
        .filter((r) => r.orphan && !labelledOrphans.has(r.identityId))
        .map((r) => `${r.identityId}:${r.orphanReason}`);
      expect(extra).toEqual([]);
    });

    it('suggests an active replacement for every departed owner', async () => {
      const departed = [...rows.values()].filter((r) => r.orphanReason === 'owner_departed');
      expect(departed.filter((r) => !r.suggestion).map((r) => r.identityId)).toEqual([]);
      const active = new Set(estate.labels.people.filter((p) => p.status === 'active').map((p) => p.email));
      for (const r of departed) if (r.suggestion?.email) expect(active.has(r.suggestion.email)).toBe(true);
    });

    it("a departed person's offboarding report lists exactly the NHIs labelled as theirs", async () => {
      const departed = estate.labels.people.filter(
        (p) => p.status === 'departed' && labels.some((l) => l.owner?.email === p.email),
      );
      expect(departed.length).toBeGreaterThan(0);
      for (const p of departed) {
        const report = await offboardReport(store, p.email, await loadPeopleIndex(store, PEOPLE_SOURCES));
        const want = labels
          .filter((l) => l.owner?.email === p.email)
          .map((l) => l.id)
          .sort();
        expect(report.owned.map((e) => e.identityId).sort(), p.email).toEqual(want);
        for (const e of report.candidateOnly) expect(want).not.toContain(e.identityId);
      }
    });

    it('show gives the provenance of a labelled owner', async () => {
      const l = labels.find((x) => x.owner?.email);
      expect(l).toBeDefined();
      const d = await getOwnership(store, l!.id);
      expect(d?.candidates.some((c) => c.email === l!.owner!.email && c.source === l!.owner!.source)).toBe(true);
    });
  });
});
