import type { admin_directory_v1, admin_reports_v1 } from '@googleapis/admin';
import type { OrgPerson } from '../../../emulation/estate/org.js';
import { DAY_MS } from '../../../lib/clock.js';
import { WIDELY_GRANTED_USERS } from '../risks.js';
import { APP_KINDS, type AppKind, isHigh, scopeFacts } from './catalogue.js';
import { type GenContext, identityId, label, personRef } from './context.js';
import { tokenEvent } from './events.js';

type Token = admin_directory_v1.Schema$Token;
type Activity = admin_reports_v1.Schema$Activity;

const STATUS_RANK = { active: 0, departed: 2 } as const;

/** An OAuth client id as Google issues them: project number, a dash, 32 characters, the googleusercontent domain. */
const clientIdOf = (c: GenContext, index: number): string =>
  `${c.rng.int(100_000, 999_999)}${String(index).padStart(6, '0')}-${c.rng.token(32)}.apps.googleusercontent.com`;

/** How many users grant one client: most apps a few, some many (the widely granted ones). */
function grantorCount(c: GenContext, people: number): number {
  const n = c.rng.chance(0.3) ? c.rng.int(WIDELY_GRANTED_USERS, WIDELY_GRANTED_USERS + 10) : c.rng.int(1, 3);
  return Math.max(1, Math.min(n, people));
}

/** Grantors in the order ownership ranks consenting users: active first, then by email. */
const ranked = (people: OrgPerson[]): OrgPerson[] =>
  [...people].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.email.localeCompare(b.email));

/**
 * `count` third-party OAuth clients, each granted by some users (a token per user with the kind's scopes), with an
 * `authorize` event per grant and, for clients in use, `activity` events (the last one recent, or older than the
 * stale window). Labels: the owner is the first-ranked grantor (consenting user); the Google risks by ../risks.ts.
 */
export function generateClients(
  c: GenContext,
  count: number,
  tokens: Record<string, Token[]>,
  events: Activity[],
): void {
  const kinds = APP_KINDS.map((k) => [k, k.weight] as const);
  for (let i = 0; i < count; i++) {
    const kind = c.rng.weighted(kinds);
    const clientId = clientIdOf(c, i);
    const name = `${c.rng.pick(kind.names)}${i >= kind.names.length ? ` ${i}` : ''}`;
    const anonymous = c.rng.chance(0.08);
    const grantors = c.rng.sample(c.company.people, grantorCount(c, c.company.people.length));
    const times = grantClient(c, { clientId, name, kind, anonymous }, grantors, tokens, events);
    labelClient(c, { clientId, name, kind, anonymous }, grantors, times.lastUsedAt);
  }
}

interface ClientFacts {
  clientId: string;
  name: string;
  kind: AppKind;
  anonymous: boolean;
}

/** Tokens and events of one client; returns its last use (the newest authorize or activity event). */
function grantClient(
  c: GenContext,
  f: ClientFacts,
  grantors: OrgPerson[],
  tokens: Record<string, Token[]>,
  events: Activity[],
): { lastUsedAt: string } {
  const stale = c.rng.chance(0.2);
  const own: Activity[] = [];
  let last = '';
  for (const p of grantors) {
    const userId = c.userIdOf.get(p.index) as string;
    tokens[userId] = tokens[userId] ?? [];
    tokens[userId].push({
      kind: 'admin#directory#token',
      etag: `"${c.rng.token(27)}"`,
      clientId: f.clientId,
      displayText: f.name,
      anonymous: f.anonymous,
      nativeApp: f.kind.nativeApp,
      userKey: userId,
      scopes: [...f.kind.scopes],
    });
    const at = c.rng.daysAgo(c.now, stale ? c.rng.int(100, 175) : c.rng.int(1, 175));
    own.push(
      tokenEvent(c, { at, user: p, userId, name: 'authorize', clientId: f.clientId, app: f.name, kind: f.kind }),
    );
    if (at > last) last = at;
  }
  if (!stale && c.rng.chance(0.7)) {
    const p = c.rng.pick(grantors);
    const at = c.rng.daysAgo(c.now, c.rng.int(0, 30));
    own.push(
      tokenEvent(c, {
        at,
        user: p,
        userId: c.userIdOf.get(p.index) as string,
        name: 'activity',
        clientId: f.clientId,
        app: f.name,
        kind: f.kind,
      }),
    );
    if (at > last) last = at;
  }
  events.push(...withoutSilences(own));
  return { lastUsedAt: last };
}

/** The longest silence in one client's Reports history: under the 30 days after which a use is a reawakening. */
const MAX_SILENCE_MS = 29 * DAY_MS;

/**
 * One client's events in steady use from its first grant to its last use: an event more than MAX_SILENCE_MS before
 * the next one is moved up to that distance. Only older events move, so the last use (the label) stays; without
 * this, the estate's sparse log (a grant now and then) would itself read as dormant clients waking up, which only
 * the planted activity (estate/activity.ts) may show.
 */
function withoutSilences(own: Activity[]): Activity[] {
  const newestFirst = [...own].sort((a, b) => timeOf(b) - timeOf(a));
  for (let i = 1; i < newestFirst.length; i++) {
    const floor = timeOf(newestFirst[i - 1]) - MAX_SILENCE_MS;
    const id = newestFirst[i].id;
    if (id && timeOf(newestFirst[i]) < floor) id.time = new Date(floor).toISOString().replace('.000Z', 'Z');
  }
  return own;
}

const timeOf = (a: Activity): number => Date.parse(a.id?.time ?? '');

function labelClient(c: GenContext, f: ClientFacts, grantors: OrgPerson[], lastUsedAt: string): void {
  const id = identityId(c, 'oauth_client', f.clientId);
  const owner = ranked(grantors)[0];
  const high = f.kind.scopes.some(isHigh);
  const risks = [
    ...(high && grantors.length >= WIDELY_GRANTED_USERS ? ['google-oauth-client-high-scopes-widely-granted'] : []),
    ...(f.anonymous ? ['google-oauth-client-unregistered'] : []),
  ];
  label(c, {
    id,
    tenant: c.tenant,
    kind: 'oauth_app',
    name: f.name,
    createdAt: null,
    lastUsedAt,
    usageTracked: true,
    enabled: true,
    thirdParty: true,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions: f.kind.scopes.map(scopeFacts),
    owner: { email: owner.email, source: 'consenting_user', departed: owner.status === 'departed' },
    platformRisks: risks,
  });
  for (const p of grantors)
    c.edges.push({ from: id, to: personRef(c, c.userIdOf.get(p.index) as string), kind: 'granted_by' });
}
