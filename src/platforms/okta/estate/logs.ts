import { API_TOKEN_EVENTS, TOKEN_GRANT_EVENTS } from './catalogue.js';
import { type GenContext, ago, daysSince } from './context.js';
import type { OktaUserData } from './types.js';

/**
 * The System Log the estate writes: for each client and API token that was used inside the retention window, a few
 * events ending exactly at its last use (older uses fall outside retention and are not written).
 */
const ip = (c: GenContext) => `198.51.100.${c.rng.int(1, 254)}`;

/** When was it last used: recently, a while ago, long ago (stale) or never (null). */
export function pickLastUse(c: GenContext, createdIso: string, plantStale = false, plantUnused = false): string | null {
  const age = daysSince(createdIso, c.now);
  if (plantUnused) return null;
  const bucket = plantStale
    ? 'stale'
    : c.rng.weighted([
        ['recent', 55],
        ['weeks', 15],
        ['stale', 15],
        ['never', 15],
      ] as const);
  if (bucket === 'never') return null;
  const [lo, hi] = bucket === 'recent' ? [0.01, 30] : bucket === 'weeks' ? [31, 85] : [96, 170];
  if (age <= lo + 1) return null;
  return ago(c, lo + c.rng.next() * (Math.min(hi, age - 1) - lo));
}

/** Uses spread before the last one (all inside the window), the last one exactly at `lastUse`. */
function useTimes(c: GenContext, lastUse: string): string[] {
  const extra = c.rng.int(0, 1);
  const times = [lastUse];
  for (let i = 0; i < extra; i++) {
    const before = daysSince(lastUse, c.now) + c.rng.next() * 10;
    if (before < c.retentionDays - 5) times.push(ago(c, before));
  }
  return times;
}

/** Access tokens issued to an OAuth client (service apps by client credentials). */
export function logClientUse(c: GenContext, clientId: string, name: string, lastUse: string | null, service: boolean) {
  if (!lastUse) return;
  for (const published of useTimes(c, lastUse)) {
    const eventType = c.rng.pick(TOKEN_GRANT_EVENTS);
    c.logs.push({
      uuid: c.rng.uuid(),
      published,
      eventType,
      displayMessage: 'OAuth2 access token is granted',
      actor: { id: clientId, type: 'PublicClientApp', alternateId: clientId, displayName: name },
      clientId,
      apiTokenId: null,
      grantType: service ? 'client_credentials' : 'authorization_code',
      target: [
        { id: `AT.${c.rng.token(12)}`, type: 'access_token', alternateId: 'unknown', displayName: 'Access Token' },
      ],
      ipAddress: ip(c),
    });
  }
}

/** Requests made with an SSWS API token: they act as its creator and carry the token id. */
export function logTokenUse(c: GenContext, tokenId: string, creator: OktaUserData, lastUse: string | null) {
  if (!lastUse) return;
  for (const published of useTimes(c, lastUse)) {
    const [eventType, displayMessage] = c.rng.pick(API_TOKEN_EVENTS);
    const target = c.rng.pick(c.users);
    c.logs.push({
      uuid: c.rng.uuid(),
      published,
      eventType,
      displayMessage,
      actor: {
        id: creator.id,
        type: 'User',
        alternateId: creator.profile.login,
        displayName: `${creator.profile.firstName} ${creator.profile.lastName}`,
      },
      clientId: null,
      apiTokenId: tokenId,
      grantType: null,
      target: [
        { id: target.id, type: 'User', alternateId: target.profile.login, displayName: target.profile.firstName },
      ],
      ipAddress: ip(c),
    });
  }
}

/** People signing in: noise the connector's filters must skip. */
export function logSignIns(c: GenContext, count: number): void {
  for (let i = 0; i < count; i++) {
    const u = c.rng.pick(c.users);
    c.logs.push({
      uuid: c.rng.uuid(),
      published: ago(c, c.rng.next() * (c.retentionDays - 2)),
      eventType: 'user.session.start',
      displayMessage: 'User login to Okta',
      actor: {
        id: u.id,
        type: 'User',
        alternateId: u.profile.login,
        displayName: `${u.profile.firstName} ${u.profile.lastName}`,
      },
      clientId: null,
      apiTokenId: null,
      grantType: null,
      target: [],
      ipAddress: ip(c),
    });
  }
}

export function sortLogs(c: GenContext): void {
  c.logs.sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.uuid < b.uuid ? -1 : 1));
}
