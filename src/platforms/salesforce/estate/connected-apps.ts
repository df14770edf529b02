import { APP_NAMES, BUILT_IN_APPS, DRIFT_LIKE_APP, PACKAGED_APPS, REFRESH_PERIODS } from './catalogue.js';
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

function labelToken(c: GenContext, t: SfRecord, thirdParty: boolean): void {
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
    thirdParty,
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
    thirdParty: PACKAGED_APPS[String(a.Name)] !== undefined,
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

/**
 * The App Launcher item of each app (what OauthToken.AppMenuItemId names) and, for an app that came in a managed
 * package, the installed package (Tooling API). Ids derive from the app's own id: no draw, so estates stay as they were.
 */
function menuAndPackage(c: GenContext, plan: AppPlan): void {
  const packaged = PACKAGED_APPS[plan.name];
  const appId = plan.record ? String(plan.record.Id) : null;
  c.tables.AppMenuItem.push({
    Id: plan.menuItemId,
    ApplicationId: appId ? appId.slice(0, 15) : null,
    Name: plan.name.replace(/[^A-Za-z0-9]+/g, '_'),
    Label: plan.name,
    Type: 'ConnectedApplication',
    NamespacePrefix: packaged?.namespace ?? null,
    InfoUrl: packaged?.infoUrl ?? null,
  });
  if (!packaged || !appId) return;
  const tail = appId.slice(3);
  c.tooling.InstalledSubscriberPackage.push({
    Id: `0A3${tail}`,
    SubscriberPackageId: `033${tail}`,
    SubscriberPackage: { Id: `033${tail}`, Name: packaged.packageName, NamespacePrefix: packaged.namespace },
    SubscriberPackageVersion: { Id: `04t${tail}`, Name: packaged.packageName },
    SubscriberPackageVersionId: `04t${tail}`,
  });
}

/** Connected apps and every user's OAuth tokens for them (and for Salesforce's own apps). */
export function generateConnectedApps(c: GenContext, appCount: number, tokenCount: number): void {
  const records = Array.from({ length: appCount }, (_, i) => app(c, i));
  const apps: AppPlan[] = records.map((r) => ({ record: r, name: String(r.Name), menuItemId: sfId(c, '0DS') }));
  const builtIn: AppPlan[] = BUILT_IN_APPS.map((name) => ({ record: null, name, menuItemId: sfId(c, '0DS') }));
  const latest = new Map<string, string>();
  for (let i = 0; i < tokenCount && c.activeHumans.length > 0; i++) {
    const plan = pickPlan(c, apps, builtIn);
    const t = token(c, plan);
    c.tables.OauthToken.push(t);
    labelToken(c, t, plan.record !== null && PACKAGED_APPS[plan.name] !== undefined);
    const used = iso(t.LastUsedDate as string | null);
    if (used && (!latest.has(String(t.AppName)) || used > latest.get(String(t.AppName))!))
      latest.set(String(t.AppName), used);
  }
  c.tables.ConnectedApplication.push(...records);
  for (const a of records) labelApp(c, a, latest.get(String(a.Name)) ?? null);
  for (const plan of [...apps, ...builtIn]) menuAndPackage(c, plan);
}
