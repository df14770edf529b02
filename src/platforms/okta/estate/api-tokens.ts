import { TOKEN_WINDOWS, roleName, tierOf } from './catalogue.js';
import {
  type GenContext,
  ago,
  daysSince,
  identityId,
  label,
  oktaId,
  ownerOf,
  plusDays,
  visibleUse,
} from './context.js';
import { logTokenUse, pickLastUse } from './logs.js';
import { TOKEN_NAMES } from './names.js';
import type { OktaApiTokenData, OktaUserData } from './types.js';

/** Token `i`'s creator: the first is a super admin, the second an org admin, the third departed (when anyone is). */
function creatorOf(c: GenContext, i: number): OktaUserData {
  const has = (type: string) =>
    c.tokenCreators.find((u) => u.status === 'ACTIVE' && u.roles.some((r) => r.type === type));
  const departed = c.tokenCreators.find((u) => u.status !== 'ACTIVE');
  const planted = i === 0 ? has('SUPER_ADMIN') : i === 1 ? has('ORG_ADMIN') : i === 2 ? departed : undefined;
  return planted ?? c.tokenCreators[Math.floor(c.tokenCreators.length * c.rng.next() ** 1.3)];
}

/**
 * A token stays listed while used within its idle window (Okta revokes it after); a deactivated creator's token is
 * rejected but still listed, frozen at its last use before the creator left.
 */
function token(c: GenContext, i: number): { t: OktaApiTokenData; lastUse: string | null } {
  const creator = creatorOf(c, i);
  const [tokenWindow, windowDays] = c.rng.pick(TOKEN_WINDOWS.slice(i < 3 ? 2 : 0));
  const gone = creator.status !== 'ACTIVE';
  const created = gone
    ? ago(c, daysSince(creator.statusChanged, c.now) + 5 + c.rng.next() * 400)
    : ago(c, c.rng.ageDays(1400) + c.rng.next());
  let lastUse = gone ? ago(c, daysSince(creator.statusChanged, c.now) + c.rng.next() * 3) : pickLastUse(c, created);
  if (!gone && daysSince(lastUse ?? created, c.now) > windowDays - 2) lastUse = ago(c, c.rng.next() * (windowDays - 3));
  const connection = i === 0 || c.rng.chance(0.55) ? 'ANYWHERE' : 'ZONE';
  const t: OktaApiTokenData = {
    id: oktaId(c, '00T', i),
    name: `${c.rng.pick(TOKEN_NAMES)}${i > 9 ? `-${i}` : ''}`,
    userId: creator.id,
    clientName: 'Okta API',
    tokenWindow,
    network: connection === 'ANYWHERE' ? { connection } : { connection, include: [oktaId(c, 'nzo', i)] },
    created,
    lastUpdated: lastUse ?? created,
    expiresAt: plusDays(lastUse ?? created, windowDays),
  };
  return { t, lastUse };
}

function platformRisks(t: OktaApiTokenData, creator: OktaUserData): string[] {
  const risks: string[] = [];
  if (creator.roles.some((r) => r.type === 'SUPER_ADMIN' || r.type === 'ORG_ADMIN'))
    risks.push('okta-api-token-super-admin');
  if (t.network.connection === 'ANYWHERE') risks.push('okta-api-token-any-network');
  return risks;
}

function labelToken(c: GenContext, t: OktaApiTokenData, creator: OktaUserData, lastUse: string | null): void {
  const id = identityId(c, 'api_token', t.id);
  const used = visibleUse(c, lastUse);
  const roles = [...new Set(creator.roles.filter((r) => r.status === 'ACTIVE').map((r) => roleName(r.type)))];
  label(c, {
    id,
    tenant: c.subdomain,
    kind: 'api_key',
    name: t.name,
    createdAt: t.created,
    lastUsedAt: used,
    usageTracked: true,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [
      {
        id: `${id}:token:${t.id}`,
        type: 'token',
        createdAt: t.created,
        expiresAt: null, // Okta's expiresAt is an idle expiry, not a lifetime
        lastUsedAt: used,
        enabled: true,
        supportsExpiry: false,
        fingerprint: null,
      },
    ],
    permissions: roles.map((nativeName) => ({ nativeName, ...tierOf(nativeName) })),
    owner: ownerOf(c, t.userId),
    platformRisks: platformRisks(t, creator),
  });
}

/** SSWS API tokens, each acting with its creator's admin roles. */
export function generateApiTokens(c: GenContext, count: number): OktaApiTokenData[] {
  const out: OktaApiTokenData[] = [];
  if (c.tokenCreators.length === 0) return out;
  const byId = new Map(c.users.map((u) => [u.id, u]));
  for (let i = 0; i < count; i++) {
    const { t, lastUse } = token(c, i);
    const creator = byId.get(t.userId)!;
    logTokenUse(c, t.id, creator, visibleUse(c, lastUse));
    labelToken(c, t, creator, lastUse);
    out.push(t);
  }
  return out;
}
