import type { NhiType } from './allocate.js';
import { appPermissionFacts } from './installations.js';
import { daysSince, type GenContext, identityId, label, ownerOf, pickMember, plusDays, userStub } from './context.js';
import { TOKEN_NAMES } from './names.js';
import type { GhPatGrantData, GhPatPermissionsData, GhPatRequestData } from './types.js';

type PatBase = Omit<GhPatGrantData, 'access_granted_at'>;

function randomPatPermissions(c: GenContext): GhPatPermissionsData {
  const { rng } = c;
  const repository: Record<string, string> = { metadata: 'read' };
  repository.contents = rng.chance(0.5) ? 'write' : 'read';
  if (rng.chance(0.4)) repository.pull_requests = rng.chance(0.5) ? 'write' : 'read';
  if (rng.chance(0.2)) repository.workflows = 'write';
  if (rng.chance(0.1)) repository.administration = 'write';
  if (rng.chance(0.1)) repository.secrets = 'read';
  const p: GhPatPermissionsData = { repository };
  if (rng.chance(0.3))
    p.organization = rng.chance(0.85)
      ? { members: 'read' }
      : { members: 'write', organization_administration: 'write' };
  return p;
}

/** Token `i` of the grants-then-requests sequence: everything a grant and a request share, and its start date. */
function token(c: GenContext, i: number, isRequest: boolean): { base: PatBase; created: string } {
  const { rng, now } = c;
  const person = pickMember(c);
  const created = isRequest
    ? rng.daysAgo(now, rng.next() * 120)
    : rng.daysAgo(now, Math.min(rng.ageDays(1300), 1300) - rng.next());
  const noExpiry = i === 0 || rng.chance(0.12);
  const expires = noExpiry ? null : plusDays(created, rng.pick([7, 30, 60, 90, 90, 180, 366]) - rng.next() * 2);
  const lastUsedRaw = rng.chance(0.25)
    ? null
    : rng.daysAgo(now, rng.next() * Math.min(daysSince(created, now), rng.chance(0.6) ? 20 : 900));
  const expired = expires !== null && Date.parse(expires) < now.getTime();
  // GitHub cannot record use after expiry.
  const lastUsed = lastUsedRaw && expires && Date.parse(lastUsedRaw) > Date.parse(expires) ? expires : lastUsedRaw;
  const selection = rng.weighted([
    ['subset', 55],
    ['all', 35],
    ['none', 10],
  ] as const);
  const permissions = randomPatPermissions(c);
  const base: PatBase = {
    id: (isRequest ? 1_700_000 : 25_381) + i * 5,
    owner: userStub(person),
    repository_selection: selection,
    permissions,
    token_id: 98_716 + i * 9,
    token_name: rng.pick(TOKEN_NAMES),
    token_expired: expired,
    token_expires_at: expires,
    token_last_used_at: lastUsed,
  };
  return { base, created };
}

function labelToken(c: GenContext, base: PatBase, created: string, isRequest: boolean): void {
  const id = identityId(c, isRequest ? 'pat_request' : 'pat_grant', base.id);
  const p = base.permissions;
  label(c, {
    id,
    tenant: c.orgLogin,
    kind: 'personal_access_token',
    name: base.token_name,
    createdAt: created,
    lastUsedAt: base.token_last_used_at,
    usageTracked: true,
    enabled: !isRequest,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [
      {
        id: `${id}#token`,
        type: 'token',
        createdAt: created,
        expiresAt: base.token_expires_at,
        lastUsedAt: base.token_last_used_at,
        enabled: !isRequest && !base.token_expired,
        supportsExpiry: true,
        fingerprint: null,
      },
    ],
    permissions: [p.organization, p.repository, p.other].flatMap((group) => appPermissionFacts(group ?? {})),
    owner: ownerOf(c, base.owner.login, 'creator'),
    platformRisks: !isRequest && base.token_expires_at === null ? ['github-pat-no-expiry'] : [],
  });
}

const REASONS = ['CI pipeline', 'release automation', 'need to sync issues', 'migration script'];

/** Fine-grained PAT grants, then pending requests (numbered in one sequence). */
export function generatePats(c: GenContext, n: Record<NhiType, number>) {
  const patGrants: GhPatGrantData[] = [];
  const patRequests: GhPatRequestData[] = [];
  for (let i = 0; i < n.pat_grant + n.pat_request; i++) {
    const isRequest = i >= n.pat_grant;
    const { base, created } = token(c, i, isRequest);
    if (isRequest)
      patRequests.push({
        ...base,
        reason: c.rng.chance(0.6) ? c.rng.pick(REASONS) : null,
        created_at: created,
      });
    else patGrants.push({ ...base, access_granted_at: created });
    labelToken(c, base, created, isRequest);
  }
  return { patGrants, patRequests };
}
