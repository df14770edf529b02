import type { Person, PersonStatus } from '../../model/index.js';
import { keysetPages, type Store } from '../../store/index.js';
import { parseJson } from '../../store/rows.js';

/**
 * The unified person view: people records from every source (HR feed, IdPs, vendor member lists) joined by
 * e-mail (case-insensitive). Nothing is overwritten: every source record is kept, an effective value is chosen by a
 * documented precedence, and disagreements are reported as conflicts (docs/ownership.md "People").
 */

/** How far one people source's word counts. Platforms declare theirs in their registry entry. */
export interface PeopleSource {
  /** Its word about employment counts (HR for departure, an IdP for account state). */
  authoritative: boolean;
  /** Rank when sources are asked for name, manager, team and department: lower is asked first. */
  precedence: number;
}

/** The HR feed (`steward people import`): authoritative and asked first. */
const HR_PEOPLE_SOURCE: PeopleSource = { authoritative: true, precedence: 0 };

/** Every people source by id: the HR feed plus each platform that declares one (src/platforms/registry.ts). */
export class PeopleSourcePolicy {
  private readonly sources: Map<string, PeopleSource>;
  /** How the policy decides, in words (conflict explanations), named from the registered sources. */
  readonly describe: { status: string; precedence: string };
  constructor(platformSources: Iterable<readonly [string, PeopleSource]>) {
    this.sources = new Map([['hr', HR_PEOPLE_SOURCE], ...platformSources]);
    const ranked = [...this.sources].sort(([, a], [, b]) => a.precedence - b.precedence);
    const authoritative = ranked.filter(([, s]) => s.authoritative).map(([id]) => id);
    this.describe = {
      status: `departed/disabled in any authoritative source (${authoritative.join(', ')}) wins`,
      precedence: `first source in precedence ${ranked.map(([id]) => id).join(' > ')} > others`,
    };
  }
  /** Unlisted sources come last. */
  rank(source: string): number {
    return this.sources.get(source)?.precedence ?? Number.MAX_SAFE_INTEGER;
  }
  isAuthoritative(source: string): boolean {
    return this.sources.get(source)?.authoritative ?? false;
  }
}

const STATUS_SEVERITY: Record<PersonStatus, number> = { active: 0, disabled: 1, departed: 2 };

export type ConflictField = 'status' | 'departedAt' | 'managerEmail' | 'team' | 'department' | 'name';

export interface PersonConflict {
  field: ConflictField;
  values: Array<{ source: string; tenant: string; value: string | null }>;
  effective: string | null;
  rule: string;
}

export interface UnifiedPerson {
  /** Lower-case e-mail, or `source:tenant:nativeId` for a record without one. */
  key: string;
  email: string | null;
  name: string | null;
  logins: string[];
  status: PersonStatus;
  /** The source whose record decided the effective status. */
  statusSource: string;
  /** people.id of the record that decided the effective status (what the inventory reader joins for owner.status). */
  representativeId: string;
  departedAt: string | null;
  managerEmail: string | null;
  team: string | null;
  department: string | null;
  sources: string[];
  records: Person[];
  conflicts: PersonConflict[];
}

const norm = (s: string | null | undefined): string | null => (s == null || s.trim() === '' ? null : s.trim());
const lower = (s: string | null | undefined): string | null => norm(s)?.toLowerCase() ?? null;

function firstValue(records: Person[], pick: (p: Person) => string | null): string | null {
  for (const r of records) {
    const v = norm(pick(r));
    if (v !== null) return v;
  }
  return null;
}

function conflictOf(
  field: ConflictField,
  records: Person[],
  pick: (p: Person) => string | null,
  compare: (v: string) => string,
  effective: string | null,
  rule: string,
): PersonConflict | null {
  const values = records.map((r) => ({ source: r.source, tenant: r.tenant, value: norm(pick(r)) }));
  const distinct = new Set(values.filter((v) => v.value !== null).map((v) => compare(v.value as string)));
  if (distinct.size < 2) return null;
  return { field, values, effective, rule };
}

/** Vendor handles a record declares for the person (`attributes.logins`, written by the HR import). */
export function declaredLogins(p: Person): Array<{ platform: string | null; login: string }> {
  const v = p.attributes?.logins;
  if (!Array.isArray(v)) return [];
  const out: Array<{ platform: string | null; login: string }> = [];
  for (const e of v) {
    if (e && typeof e === 'object' && typeof (e as { login?: unknown }).login === 'string') {
      const platform = (e as { platform?: unknown }).platform;
      out.push({
        platform: typeof platform === 'string' ? platform : null,
        login: (e as { login: string }).login.toLowerCase(),
      });
    }
  }
  return out;
}

/** Merges the records of one person (already grouped) into the unified view. Pure. */
function unifyRecords(key: string, input: Person[], sources: PeopleSourcePolicy): UnifiedPerson {
  const records = [...input].sort(
    (a, b) => sources.rank(a.source) - sources.rank(b.source) || a.id.localeCompare(b.id),
  );
  const { status, decider, byAuthority } = effectiveStatus(records, sources);
  const effective = {
    status,
    departedAt: effectiveDepartedAt(records, status),
    managerEmail: lower(firstValue(records, (p) => p.managerEmail)),
    team: firstValue(records, (p) => p.team),
    department: firstValue(records, (p) => p.department),
  };
  return {
    key,
    email: lower(firstValue(records, (p) => p.email)),
    name: firstValue(records, (p) => p.name),
    logins: allLogins(records),
    status,
    statusSource: decider.source,
    representativeId: decider.id,
    departedAt: effective.departedAt,
    managerEmail: effective.managerEmail,
    team: effective.team,
    department: effective.department,
    sources: [...new Set(records.map((r) => r.source))],
    records,
    conflicts: personConflicts(records, effective, byAuthority ? sources.describe.status : null, sources),
  };
}

/**
 * The worst status among authoritative sources wins (departed > disabled > active); sources like GitHub or Slack
 * decide only when no authoritative source knows the person. `records` are in precedence order.
 */
function effectiveStatus(records: Person[], sources: PeopleSourcePolicy) {
  const authoritative = records.filter((r) => sources.isAuthoritative(r.source));
  const deciding = authoritative.length ? authoritative : records;
  let status: PersonStatus = 'active';
  for (const r of deciding) if (STATUS_SEVERITY[r.status] > STATUS_SEVERITY[status]) status = r.status;
  const decider = deciding.find((r) => r.status === status) ?? records[0];
  return { status, decider, byAuthority: authoritative.length > 0 };
}

/** HR is authoritative for the departure date; otherwise the earliest date any source gives for an inactive record. */
function effectiveDepartedAt(records: Person[], status: PersonStatus): string | null {
  if (status === 'active') return null;
  const hr = records.find((r) => r.source === 'hr' && r.departedAt);
  const otherDates = records
    .filter((r) => r.status !== 'active' && r.departedAt)
    .map((r) => r.departedAt as string)
    .sort();
  return hr?.departedAt ?? otherDates[0] ?? null;
}

/** Every login a record carries or declares (`platform:login` when the declaration names one), once each. */
function allLogins(records: Person[]): string[] {
  return [
    ...new Set(
      [
        ...records.map((r) => lower(r.login)),
        ...records.flatMap((r) => declaredLogins(r).map((d) => (d.platform ? `${d.platform}:${d.login}` : d.login))),
      ].filter((l): l is string => l !== null),
    ),
  ];
}

/** Fields whose sources disagree, each with the effective value and the rule that chose it. */
function personConflicts(
  records: Person[],
  effective: Pick<UnifiedPerson, 'status' | 'departedAt' | 'managerEmail' | 'team' | 'department'>,
  authoritativeRule: string | null,
  sources: PeopleSourcePolicy,
): PersonConflict[] {
  const same = (v: string) => v;
  const lowerCase = (v: string) => v.toLowerCase();
  const precedence = sources.describe.precedence;
  const conflicts = [
    conflictOf(
      'status',
      records,
      (p) => p.status,
      same,
      effective.status,
      authoritativeRule ?? 'no authoritative source: the worst status among the other sources',
    ),
    conflictOf(
      'departedAt',
      records.filter((r) => r.status !== 'active'),
      (p) => p.departedAt,
      (v) => v.slice(0, 10),
      effective.departedAt,
      'HR date first, else the earliest',
    ),
    conflictOf('managerEmail', records, (p) => p.managerEmail, lowerCase, effective.managerEmail, precedence),
    conflictOf('team', records, (p) => p.team, lowerCase, effective.team, precedence),
    conflictOf(
      'department',
      records,
      (p) => p.department,
      lowerCase,
      effective.department,
      'first source in precedence',
    ),
  ];
  return conflicts.filter((c): c is PersonConflict => c !== null);
}

/**
 * A map keyed by (scope, key) that builds no string per entry: scopes (a source, or a source and tenant) are few, and
 * the keys are strings the records already hold. At 1M NHIs the index has ~300k records; composite keys cost more
 * memory than the records themselves.
 */
class ScopedMap<V> {
  private readonly scopes = new Map<string, Map<string, V>>();
  get(scope: string, key: string): V | undefined {
    return this.scopes.get(scope)?.get(key);
  }
  has(scope: string, key: string): boolean {
    return this.scopes.get(scope)?.has(key) ?? false;
  }
  set(scope: string, key: string, value: V): void {
    let map = this.scopes.get(scope);
    if (!map) {
      map = new Map();
      this.scopes.set(scope, map);
    }
    map.set(key, value);
  }
}

/** In-memory index of the unified people view, with the lookups attribution needs. */
export class PeopleIndex {
  readonly byKey = new Map<string, UnifiedPerson>();
  private readonly byEmail = new Map<string, UnifiedPerson>();
  private readonly byPersonId = new Map<string, UnifiedPerson>();
  /** (source, login) and (source\0tenant, login) → person. */
  private readonly byScopedLogin = new ScopedMap<UnifiedPerson>();
  private readonly byLogin = new Map<string, UnifiedPerson[]>();
  /** (source, nativeId) and (source\0tenant, nativeId) → person. */
  private readonly byNative = new ScopedMap<UnifiedPerson>();
  private readonly teams = new Map<string, UnifiedPerson[]>();

  constructor(
    people: Person[],
    readonly sources: PeopleSourcePolicy,
  ) {
    // Group by e-mail; a record without an e-mail joins the person who has the same login in the same source
    // (several tenants of one vendor), else stands alone.
    const groups = new Map<string, Person[]>();
    const loginToEmail = new Map<string, string>();
    const anyLoginToEmail = new Map<string, string>();
    for (const p of people) {
      const email = lower(p.email);
      if (!email) continue;
      const list = groups.get(email) ?? [];
      list.push(p);
      groups.set(email, list);
      const login = lower(p.login);
      if (login) loginToEmail.set(`${p.source}\u0000${login}`, email);
      // Handles another system declares for this person (HR `logins` column: "github:jdoe").
      for (const d of declaredLogins(p)) {
        if (d.platform) loginToEmail.set(`${d.platform}\u0000${d.login}`, email);
        else anyLoginToEmail.set(d.login, email);
      }
    }
    for (const p of people) {
      if (lower(p.email)) continue;
      const login = lower(p.login);
      const email = login ? (loginToEmail.get(`${p.source}\u0000${login}`) ?? anyLoginToEmail.get(login)) : undefined;
      const key = email ?? `${p.source}:${p.tenant}:${p.nativeId}`;
      const list = groups.get(key) ?? [];
      list.push(p);
      groups.set(key, list);
    }
    for (const [key, records] of groups) {
      const u = unifyRecords(key, records, sources);
      this.byKey.set(key, u);
      if (u.email) this.byEmail.set(u.email, u);
      if (u.team) {
        const t = u.team.toLowerCase();
        const list = this.teams.get(t) ?? [];
        list.push(u);
        this.teams.set(t, list);
      }
      for (const r of records) {
        this.byPersonId.set(r.id, u);
        const inTenant = `${r.source}\u0000${r.tenant}`;
        this.byNative.set(r.source, r.nativeId, u);
        this.byNative.set(inTenant, r.nativeId, u);
        const login = lower(r.login);
        if (login) {
          this.byScopedLogin.set(r.source, login, u);
          this.byScopedLogin.set(inTenant, login, u);
          this.addAnyLogin(login, u);
        }
        for (const d of declaredLogins(r)) {
          // A platform's own member list outranks a declaration elsewhere; never overwrite it.
          if (d.platform && !this.byScopedLogin.has(d.platform, d.login))
            this.byScopedLogin.set(d.platform, d.login, u);
          this.addAnyLogin(d.login, u);
        }
      }
    }
  }

  private addAnyLogin(login: string, u: UnifiedPerson) {
    const list = this.byLogin.get(login) ?? [];
    if (!list.includes(u)) list.push(u);
    this.byLogin.set(login, list);
  }

  get size(): number {
    return this.byKey.size;
  }

  all(): UnifiedPerson[] {
    return [...this.byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  byEmailAddress(email: string): UnifiedPerson | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }

  byId(personId: string): UnifiedPerson | undefined {
    return this.byPersonId.get(personId);
  }

  teamMembers(team: string): UnifiedPerson[] {
    return this.teams.get(team.toLowerCase()) ?? [];
  }

  /**
   * Resolves a vendor reference to a person. A login is looked up in the identity's own platform and tenant first,
   * then the platform, then (only when unambiguous) any source; a native user id only within the platform.
   */
  resolve(
    ref: string,
    refType: 'email' | 'login' | 'native_user_id' | 'person_id',
    platform: string,
    tenant: string,
  ): UnifiedPerson | undefined {
    const r = ref.trim();
    if (refType === 'email') return this.byEmailAddress(r);
    if (refType === 'person_id') return this.byPersonId.get(r);
    if (refType === 'native_user_id')
      return this.byNative.get(`${platform}\u0000${tenant}`, r) ?? this.byNative.get(platform, r);
    const login = r.toLowerCase().replace(/^@/, '');
    const scoped =
      this.byScopedLogin.get(`${platform}\u0000${tenant}`, login) ?? this.byScopedLogin.get(platform, login);
    if (scoped) return scoped;
    const any = this.byLogin.get(login);
    if (any && any.length === 1) return any[0];
    if (login.includes('@')) return this.byEmail.get(login);
    return undefined;
  }
}

/** Records read per keyset page while the index is built. */
const PEOPLE_PAGE = 5000;

/**
 * Loads every people record and builds the unified index. Reads in keyset pages and keeps of each record only what
 * the index and its readers use (of `attributes`, the declared logins), sharing the strings many records repeat:
 * at 1M NHIs there are ~300k records, and holding them whole doubled the analysis' resident set.
 */
export async function loadPeopleIndex(store: Store, sources: PeopleSourcePolicy): Promise<PeopleIndex> {
  const people: Person[] = [];
  const shared = new Map<string, string>();
  const share = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const known = shared.get(v);
    if (known !== undefined) return known as T;
    shared.set(v, v);
    return v;
  };
  const page = (after: string | null, limit: number) => {
    let q = store.db
      .selectFrom('people')
      .select(['id', 'source', 'tenant', 'native_id', 'email', 'name', 'login', 'status', 'departed_at'])
      .select(['manager_email', 'team', 'department', 'attributes']);
    if (after !== null) q = q.where('id', '>', after);
    return q.orderBy('id').limit(limit).execute();
  };
  for await (const rows of keysetPages(page, PEOPLE_PAGE))
    for (const r of rows)
      people.push({
        id: r.id,
        source: share(r.source),
        tenant: share(r.tenant),
        nativeId: r.native_id,
        email: r.email,
        name: r.name,
        login: r.login,
        status: share(r.status as PersonStatus),
        departedAt: share(r.departed_at),
        managerEmail: share(r.manager_email),
        team: share(r.team),
        department: share(r.department),
        attributes: declaredOnly(parseJson(r.attributes, {})),
      });
  return new PeopleIndex(people, sources);
}

const NO_ATTRIBUTES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Of a record's vendor attributes, only the logins it declares (what `declaredLogins` reads). */
function declaredOnly(attributes: Record<string, unknown>): Record<string, unknown> {
  return Array.isArray(attributes.logins) ? { logins: attributes.logins } : NO_ATTRIBUTES;
}
