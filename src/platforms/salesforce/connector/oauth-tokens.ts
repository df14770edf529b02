import type { IdentityInput, StaleField } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { OAUTH_TOKEN_SOURCE, type TransformContext, iso, requireRecord, sfId, str, userClaim } from './common.js';
import { type AppPackage, publishedBy } from './app-menu.js';
import type { SfOauthToken } from './wire.js';

/**
 * OauthToken has no id ("Id: reserved; currently always null"): a token is one user's grant to one app, created at
 * one instant, so user, app and creation time name it.
 */
export function tokenKey(raw: SfOauthToken): string {
  const user = str(raw.UserId);
  const app = str(raw.AppMenuItemId) ?? str(raw.AppName);
  const created = iso(raw.CreatedDate);
  if (!user || !app || !created)
    throw new InvalidRecordError('Salesforce OauthToken without UserId, app or CreatedDate in the API response', null);
  return `${user}:${app}:${created}`;
}

/**
 * Pure: one OauthToken row → an oauth_token identity (a grant of its app, owned by the user who authorized it); a
 * grant to a third party's app (`pkg`: the managed package the app came in) is the third party's.
 */
export function transform(
  raw: SfOauthToken,
  t: TransformContext,
  stale: StaleField[] = [],
  pkg: AppPackage | null = null,
): IdentityInput {
  const token = requireRecord(raw, 'Salesforce OauthToken');
  const nativeId = tokenKey(token);
  const id = sfId(t, 'oauth_token', nativeId);
  const appName = str(token.AppName) ?? str(token.AppMenuItemId) ?? 'unknown app';
  const createdAt = iso(token.CreatedDate);
  const lastUsedAt = iso(token.LastUsedDate);
  const publisher = publishedBy(pkg);
  return {
    id,
    platform: 'salesforce',
    tenant: t.tenant,
    kind: 'oauth_grant',
    nativeType: 'oauth_token',
    nativeId,
    name: `${appName} (${token.UserId})`,
    createdAt,
    lastUsedAt,
    lastUsedSource: OAUTH_TOKEN_SOURCE,
    enabled: true,
    thirdParty: publisher.thirdParty,
    attributes: {
      ...publisher.attributes,
      appName,
      appMenuItemId: str(token.AppMenuItemId),
      userId: String(token.UserId),
      useCount: typeof token.UseCount === 'number' ? token.UseCount : null,
    },
    credentials: [
      {
        id: `${id}:refresh-token`,
        type: 'token',
        name: 'OAuth refresh token',
        createdAt,
        lastUsedAt,
        lastUsedSource: OAUTH_TOKEN_SOURCE,
      },
    ],
    ownerClaims: userClaim(
      t,
      str(token.UserId),
      'consenting_user',
      'OauthToken.UserId (the user who authorized the app)',
    ),
    stale,
  };
}

/** The latest LastUsedDate of each app's tokens, by app name (ConnectedApplication.Name = OauthToken.AppName). */
export class AppUse {
  private readonly latest = new Map<string, string>();
  add(raw: SfOauthToken): void {
    const app = str(raw?.AppName);
    const used = iso(raw?.LastUsedDate);
    if (!app || !used) return;
    const known = this.latest.get(app);
    if (!known || used > known) this.latest.set(app, used);
  }
  get(appName: string | null | undefined): string | null {
    return appName ? (this.latest.get(appName) ?? null) : null;
  }
}
