import { PEOPLE_SOURCES } from '../../platforms/registry.js';
import { describe, expect, it } from 'vitest';
import { Person, personId, type OwnerClaim, type PersonInput } from '../../model/index.js';
import { attribute } from './attribute.js';
import { PeopleIndex } from './people.js';
import type { AttributionInput, ManualAssignment } from './strategies.js';

const P = (p: Partial<PersonInput> & { source: string; nativeId: string; status: PersonInput['status'] }): Person =>
  Person.parse({ id: personId(p.source, p.tenant ?? 't1', p.nativeId), tenant: 't1', email: null, ...p });

/** A small org: alice left (HR), her Entra account is still enabled; bob is her manager; carol is bob's manager. */
function org(): Person[] {
  return [
    P({
      source: 'hr',
      tenant: 'hr',
      nativeId: 'alice@acme.test',
      email: 'Alice@Acme.test',
      status: 'departed',
      departedAt: '2026-06-01T00:00:00.000Z',
      managerEmail: 'bob@acme.test',
      team: 'payments',
    }),
    P({
      source: 'entra',
      nativeId: 'u-alice',
      email: 'alice@acme.test',
      login: 'alice@acme.test',
      status: 'active',
      managerEmail: 'carol@acme.test',
      team: 'Payments',
    }),
    P({
      source: 'github',
      tenant: 'acme',
      nativeId: '1001',
      email: 'alice@acme.test',
      login: 'alice-gh',
      status: 'active',
    }),
    P({
      source: 'hr',
      tenant: 'hr',
      nativeId: 'bob@acme.test',
      email: 'bob@acme.test',
      status: 'active',
      managerEmail: 'carol@acme.test',
      team: 'payments',
    }),
    P({ source: 'github', tenant: 'acme', nativeId: '1002', email: 'bob@acme.test', login: 'bobby', status: 'active' }),
    P({
      source: 'hr',
      tenant: 'hr',
      nativeId: 'carol@acme.test',
      email: 'carol@acme.test',
      status: 'active',
      team: 'platform',
    }),
    P({ source: 'entra', nativeId: 'u-carol', email: 'carol@acme.test', status: 'active' }),
    // dave: HR says active, the IdP disabled his account.
    P({
      source: 'hr',
      tenant: 'hr',
      nativeId: 'dave@acme.test',
      email: 'dave@acme.test',
      status: 'active',
      managerEmail: 'alice@acme.test',
      team: 'data',
    }),
    P({ source: 'entra', nativeId: 'u-dave', email: 'dave@acme.test', status: 'disabled' }),
    // erin: only GitHub knows her, with no e-mail.
    P({ source: 'github', tenant: 'acme', nativeId: '1005', login: 'erin', status: 'active' }),
    // frank: GitHub says nothing about employment; Slack deactivated him but HR says active.
    P({
      source: 'hr',
      tenant: 'hr',
      nativeId: 'frank@acme.test',
      email: 'frank@acme.test',
      status: 'active',
      team: 'sre',
    }),
    P({ source: 'slack', nativeId: 'U9', email: 'frank@acme.test', status: 'departed' }),
  ];
}

const claim = (
  ref: string,
  refType: OwnerClaim['refType'],
  source: OwnerClaim['source'],
  confidence = 0.9,
): OwnerClaim => ({ ref, refType, source, confidence, evidence: `${source} ${ref}` });

const identity = (claims: OwnerClaim[], extra: Partial<AttributionInput> = {}): AttributionInput => ({
  id: 'github:acme:deploy_key:1',
  platform: 'github',
  tenant: 'acme',
  createdBy: null,
  attributes: {},
  ownerClaims: claims,
  ...extra,
});

describe('unified people view', () => {
  const people = new PeopleIndex(org(), PEOPLE_SOURCES);

  it('joins sources by e-mail case-insensitively and keeps every record', () => {
    const alice = people.byEmailAddress('ALICE@acme.test');
    expect(alice?.records.map((r) => r.source)).toEqual(['hr', 'entra', 'github']);
    expect(alice?.logins).toContain('alice-gh');
  });

  it('HR departure wins over an enabled IdP account, and the conflict is kept', () => {
    const alice = people.byEmailAddress('alice@acme.test')!;
    expect(alice.status).toBe('departed');
    expect(alice.statusSource).toBe('hr');
    expect(alice.representativeId).toBe(personId('hr', 'hr', 'alice@acme.test'));
    expect(alice.departedAt).toBe('2026-06-01T00:00:00.000Z');
    const status = alice.conflicts.find((c) => c.field === 'status');
    expect(status?.values.map((v) => `${v.source}=${v.value}`)).toEqual([
      'hr=departed',
      'entra=active',
      'github=active',
    ]);
    const manager = alice.conflicts.find((c) => c.field === 'managerEmail');
    expect(manager?.effective).toBe('bob@acme.test'); // HR first
    // Same team spelled differently is not a conflict.
    expect(alice.conflicts.some((c) => c.field === 'team')).toBe(false);
  });

  it('an IdP disabling the account wins over HR active; a non-authoritative source does not', () => {
    expect(people.byEmailAddress('dave@acme.test')?.status).toBe('disabled');
    expect(people.byEmailAddress('dave@acme.test')?.statusSource).toBe('entra');
    const frank = people.byEmailAddress('frank@acme.test')!;
    expect(frank.status).toBe('active');
    expect(frank.conflicts.map((c) => c.field)).toContain('status');
  });

  it('joins an e-mail-less vendor account to the person whose HR record declares that login', () => {
    const withHr = new PeopleIndex(
      [
        ...org(),
        P({
          source: 'hr',
          tenant: 'hr',
          nativeId: 'erin@acme.test',
          email: 'erin@acme.test',
          status: 'departed',
          attributes: { logins: [{ platform: 'github', login: 'Erin' }] },
        }),
      ],
      PEOPLE_SOURCES,
    );
    const erin = withHr.resolve('erin', 'login', 'github', 'acme');
    expect(erin?.email).toBe('erin@acme.test');
    expect(erin?.records.map((r) => r.source)).toEqual(['hr', 'github']);
    expect(erin?.status).toBe('departed');
    // Declared for GitHub only: the same handle on another platform is not this person.
    expect(withHr.resolve('erin', 'login', 'slack', 'w1')?.email).toBe('erin@acme.test'); // unique across sources
    const d = attribute(identity([claim('erin', 'login', 'creator')]), withHr);
    expect(d).toMatchObject({ ownerEmail: 'erin@acme.test', orphanReason: 'owner_departed' });
  });

  it('resolves logins per platform, native ids per platform, and e-mail-less people', () => {
    expect(people.resolve('bobby', 'login', 'github', 'acme')?.email).toBe('bob@acme.test');
    expect(people.resolve('@Alice-GH', 'login', 'github', 'acme')?.email).toBe('alice@acme.test');
    expect(people.resolve('u-carol', 'native_user_id', 'entra', 't1')?.email).toBe('carol@acme.test');
    expect(people.resolve('u-carol', 'native_user_id', 'github', 'acme')).toBeUndefined();
    expect(people.resolve('erin', 'login', 'github', 'acme')?.key).toBe('github:acme:1005');
    expect(people.resolve('nobody', 'login', 'github', 'acme')).toBeUndefined();
  });
});

describe('owner attribution', () => {
  const people = new PeopleIndex(org(), PEOPLE_SOURCES);

  it('resolves a login claim to the person and their e-mail, with provenance', () => {
    const d = attribute(identity([claim('bobby', 'login', 'creator')]), people);
    expect(d.ownerEmail).toBe('bob@acme.test');
    expect(d.chosen?.source).toBe('creator');
    expect(d.chosen?.evidence).toBe('creator bobby');
    expect(d.ownerStatus).toBe('active');
    expect(d.orphan).toBe(false);
    expect(d.ownerPersonId).toBe(personId('hr', 'hr', 'bob@acme.test'));
  });

  it('explicit owner beats creator even at lower confidence; every candidate is kept', () => {
    const d = attribute(
      identity([claim('bobby', 'login', 'creator', 0.99), claim('carol@acme.test', 'email', 'explicit_owner', 0.5)]),
      people,
    );
    expect(d.ownerEmail).toBe('carol@acme.test');
    expect(d.candidates.map((c) => `${c.source}:${c.email}`)).toEqual([
      'explicit_owner:carol@acme.test',
      'creator:bob@acme.test',
    ]);
  });

  it('within one source, higher confidence wins, then an active person beats a departed one', () => {
    const a = attribute(
      identity([
        claim('bob@acme.test', 'email', 'explicit_owner', 0.6),
        claim('carol@acme.test', 'email', 'explicit_owner', 0.9),
      ]),
      people,
    );
    expect(a.ownerEmail).toBe('carol@acme.test');
    const b = attribute(
      identity([
        claim('alice@acme.test', 'email', 'explicit_owner', 0.9),
        claim('bob@acme.test', 'email', 'explicit_owner', 0.9),
      ]),
      people,
    );
    expect(b.ownerEmail).toBe('bob@acme.test');
    expect(b.orphan).toBe(false);
  });

  it('a manual assignment always wins', () => {
    const manual: ManualAssignment = {
      identityId: 'x',
      email: 'dave@acme.test',
      team: null,
      assignedBy: 'sec-team',
      assignedAt: '2026-10-01T00:00:00Z',
      note: 'ticket 42',
    };
    const d = attribute(identity([claim('carol@acme.test', 'email', 'explicit_owner', 1)]), people, manual);
    expect(d.chosen?.source).toBe('manual');
    expect(d.ownerEmail).toBe('dave@acme.test');
    expect(d.chosen?.evidence).toContain('sec-team');
    expect(d.candidates).toHaveLength(2);
    // dave is disabled in the IdP: a manual assignment to him is still an orphan.
    expect(d.orphanReason).toBe('owner_disabled');
  });

  it('a tag owner (person) and a team tag both land on the decision; a team alone owns too', () => {
    const d = attribute(
      identity([claim('carol@acme.test', 'email', 'tag', 0.7), claim('platform', 'team', 'tag', 0.9)], {
        platform: 'aws',
        tenant: '123',
      }),
      people,
    );
    expect(d.ownerEmail).toBe('carol@acme.test');
    expect(d.ownerTeam).toBe('platform');
    const t = attribute(identity([claim('data', 'team', 'tag', 0.7)]), people);
    expect(t.ownerEmail).toBeNull();
    expect(t.ownerTeam).toBe('data');
    expect(t.orphan).toBe(false);
  });

  it('an unresolvable login is kept as evidence but cannot own; an unknown e-mail can (status unknown)', () => {
    const d = attribute(identity([claim('ghost', 'login', 'creator')]), people);
    expect(d.chosen).toBeNull();
    expect(d.orphanReason).toBe('no_owner');
    expect(d.candidates[0]).toMatchObject({ ref: 'ghost', resolved: false, eligible: false });
    const e = attribute(identity([claim('contractor@vendor.test', 'email', 'explicit_owner')]), people);
    expect(e.ownerEmail).toBe('contractor@vendor.test');
    expect(e.ownerStatus).toBeNull();
    expect(e.orphan).toBe(false);
  });

  it('uses createdBy, CODEOWNERS, repository admins and attribute tags', () => {
    const c = attribute(identity([], { createdBy: 'bobby' }), people);
    expect(c.ownerEmail).toBe('bob@acme.test');
    expect(c.chosen?.strategy).toBe('created_by');
    const co = attribute(
      identity([], { attributes: { codeowners: ['@acme/payments-team', '@bobby'], repoAdmins: ['carol@acme.test'] } }),
      people,
    );
    expect(co.chosen?.source).toBe('codeowners');
    expect(co.ownerEmail).toBe('bob@acme.test');
    expect(co.ownerTeam).toBe('acme/payments-team');
    expect(co.candidates.map((x) => x.source)).toEqual(['codeowners', 'codeowners', 'repo_admin']);
    const tags = attribute(
      identity([], {
        attributes: {
          tags: [
            { Key: 'Owner', Value: 'carol@acme.test' },
            { Key: 'team', Value: 'platform' },
          ],
        },
      }),
      people,
    );
    expect(tags.chosen?.source).toBe('tag');
    expect(tags.ownerEmail).toBe('carol@acme.test');
    expect(tags.ownerTeam).toBe('platform');
  });

  it('a creator claim and the same createdBy are one candidate', () => {
    const d = attribute(identity([claim('bobby', 'login', 'creator')], { createdBy: 'bobby' }), people);
    expect(d.candidates).toHaveLength(1);
  });
});

describe('orphans and suggestions', () => {
  const people = new PeopleIndex(org(), PEOPLE_SOURCES);

  it('no evidence at all: orphan without a suggestion', () => {
    const d = attribute(identity([]), people);
    expect(d).toMatchObject({ orphan: true, orphanReason: 'no_owner', suggestion: null, chosen: null });
  });

  it('departed owner: orphan, suggested new owner is the active manager (not applied)', () => {
    const d = attribute(identity([claim('alice-gh', 'login', 'creator')]), people);
    expect(d.ownerEmail).toBe('alice@acme.test');
    expect(d.ownerStatus).toBe('departed');
    expect(d.orphanReason).toBe('owner_departed');
    expect(d.suggestion).toMatchObject({ email: 'bob@acme.test', team: null });
    expect(d.suggestion?.reason).toContain('manager');
  });

  it('disabled owner whose manager left: the manager chain is walked up', () => {
    // dave (disabled) → alice (departed) → bob (active, HR manager of alice)
    const d = attribute(identity([claim('dave@acme.test', 'email', 'explicit_owner')]), people);
    expect(d.orphanReason).toBe('owner_disabled');
    expect(d.suggestion?.email).toBe('bob@acme.test');
    expect(d.suggestion?.reason).toContain('2 levels up');
  });

  it('no active manager: the team is suggested', () => {
    const lone = new PeopleIndex(
      [
        P({
          source: 'hr',
          tenant: 'hr',
          nativeId: 'x@acme.test',
          email: 'x@acme.test',
          status: 'departed',
          managerEmail: 'y@acme.test',
          team: 'growth',
        }),
        P({
          source: 'hr',
          tenant: 'hr',
          nativeId: 'y@acme.test',
          email: 'y@acme.test',
          status: 'departed',
          managerEmail: 'x@acme.test',
          team: 'growth',
        }),
      ],
      PEOPLE_SOURCES,
    );
    const d = attribute(identity([claim('x@acme.test', 'email', 'explicit_owner')]), lone);
    expect(d.orphanReason).toBe('owner_departed');
    expect(d.suggestion).toMatchObject({ email: null, team: 'growth' });
  });
});
