import { APP_NAMES, BUILT_IN_APPS, DRIFT_LIKE_APP, REFRESH_PERIODS } from './catalogue.js';
import { type GenContext, ago, agoMs, daysSince, identityId, label, ownerOf, sfId, sfTime } from './context.js';
import { creatorOf } from './integration-users.js';
import type { SfRecord } from './types.js';

const STALE_DAYS = 90;
const iso = (sf: string | null): string | null => (sf ? new Date(Date.parse(sf)).toISOString() : null);

interface AppPlan {
  record: SfRecord | null;
  name: string;
  menuItemId: string;
}

/** App 0 is the Drift-like third party: any user may self-authorize and its refresh tokens never expire. */
function app(c: GenContext, i: number): SfRecord {
  const drift = i === 0;
  const base = APP_NAMES[(i - 1 + APP_NAMES.length) % APP_NAMES.length];
  const name = drift ? DRIFT_LIKE_APP : i > APP_NAMES.length ? `${base} ${i}` : base;
  const untilRevoked = drift || c.rng.chance(0.4);
  const created = ago(c, 20 + c.rng.ageDays(1500));
  return {
    Id: sfId(c, '0H4'),
    Name: name,
    CreatedDate: created,
    CreatedById: String(creatorOf(c).Id),
    LastModifiedDate: created,
    OptionsAllowAdminApprovedUsersOnly: drift ? false : c.rng.chance(0.5),
    OptionsRefreshTokenValidityMetric: untilRevoked ? false : c.rng.chance(0.5),
    RefreshTokenValidityPeriod: untilRevoked ? null : c.rng.pick(REFRESH_PERIODS),
    OptionsHasSessionLevelPolicy: c.rng.chance(0.2),
    StartUrl: c.rng.chance(0.3) ? `https://${name.toLowerCase().replace(/[^a-z]+/g, '')}.example/start` : null,
  };
}

/** A CreatedDate no other token has (the connector's keyset windows rely on few ties; the estate has none). */
function uniqueCreated(c: GenContext): number {
  let ms = agoMs(c, 1 + c.rng.ageDays(900));
  while (c.tokenSeconds.has(ms)) ms -= 1000;
  c.tokenSeconds.add(ms);
  return ms;
}

function token(c: GenContext, plan: AppPlan): SfRecord {
  const user = c.rng.pick(c.activeHumans);
  const created = uniqueCreated(c);
  const used = c.rng.chance(0.15)
    ? null
    : created + Math.floor((c.rng.next() * (c.now.getTime() - created)) / 1000) * 1000;
  return {
    Id: null,
    AppName: plan.name,
    AppMenuItemId: plan.menuItemId,
    UserId: user.Id,
    CreatedDate: sfTime(created),
    LastUsedDate: used === null ? null : sfTime(used),
    UseCount: used === null ? 0 : c.rng.int(1, 5000),
    DeleteToken: c.rng.token(24, 'ABCDEF0123456789'),
    RequestToken: null,
  };
}

function labelToken(c: GenContext, t: SfRecord): void {
  const created = iso(String(t.CreatedDate)) as string;
  const nativeId = `${t.UserId}:${t.AppMenuItemId}:${created}`;
  const id = identityId(c, 'oauth_token', nativeId);
  const lastUsedAt = iso(t.LastUsedDate as string | null);
  label(c, {
    id,
    tenant: c.myDomain,
    kind: 'oauth_grant',
    name: `${t.AppName} (${t.UserId})`,
    createdAt: created,
    lastUsedAt,
    usageTracked: true,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [
      {
        id: `${id}:refresh-token`,
        type: 'token',
        createdAt: created,
        expiresAt: null,
        lastUsedAt,
        enabled: true,
        supportsExpiry: false,
        fingerprint: null,
      },
    ],
    permissions: [],
    owner: ownerOf(c, t.UserId, 'consenting_user'),
    platformRisks: daysSince(lastUsedAt ?? created, c.now) > STALE_DAYS ? ['salesforce-oauth-token-unused'] : [],
  });
}

function labelApp(c: GenContext, a: SfRecord, lastUsedAt: string | null): void {
  const risks: string[] = [];
  if (a.RefreshTokenValidityPeriod === null) risks.push('salesforce-connected-app-refresh-until-revoked');
  if (a.OptionsAllowAdminApprovedUsersOnly === false) risks.push('salesforce-connected-app-open-to-all-users');
  label(c, {
    id: identityId(c, 'connected_app', String(a.Id)),
    tenant: c.myDomain,
    kind: 'oauth_app',
    name: String(a.Name),
    createdAt: String(a.CreatedDate),
    lastUsedAt,
    usageTracked: true,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions: [],
    owner: ownerOf(c, a.CreatedById, 'creator'),
    platformRisks: risks,
  });
}

/** Which app a token goes to: the Drift-like app takes two in five (across many users), built-in apps one in ten. */
function pickPlan(c: GenContext, apps: AppPlan[], builtIn: AppPlan[]): AppPlan {
  const r = c.rng.next();
  if (r < 0.4 || apps.length === 1) return apps[0];
  if (r < 0.5) return c.rng.pick(builtIn);
  return apps[1 + Math.floor(c.rng.next() * (apps.length - 1))];
}

/** Connected apps and every user's OAuth tokens for them (and for Salesforce's own apps). */
export function generateConnectedApps(c: GenContext, appCount: number, tokenCount: number): void {
  const records = Array.from({ length: appCount }, (_, i) => app(c, i));
  const apps: AppPlan[] = records.map((r) => ({ record: r, name: String(r.Name), menuItemId: sfId(c, '0DS') }));
  const builtIn: AppPlan[] = BUILT_IN_APPS.map((name) => ({ record: null, name, menuItemId: sfId(c, '0DS') }));
  const latest = new Map<string, string>();
  for (let i = 0; i < tokenCount && c.activeHumans.length > 0; i++) {
    const t = token(c, pickPlan(c, apps, builtIn));
    c.tables.OauthToken.push(t);
    labelToken(c, t);
    const used = iso(t.LastUsedDate as string | null);
    if (used && (!latest.has(String(t.AppName)) || used > latest.get(String(t.AppName))!))
      latest.set(String(t.AppName), used);
  }
  c.tables.ConnectedApplication.push(...records);
  for (const a of records) labelApp(c, a, latest.get(String(a.Name)) ?? null);
}
