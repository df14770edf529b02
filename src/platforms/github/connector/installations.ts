import type { IdentityInput, PermissionInput, Publisher } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, httpStatus, pages } from './client.js';
import { type TransformContext, githubId, iso } from './common.js';
import type { GitHubOptions } from './options.js';
import { appPermissionAccess } from './permission-map.js';
import type { GhApp, GhInstallation } from './wire.js';

/** GET /orgs/{org}/installations, page by page. */
export function listInstallations(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
): AsyncGenerator<GhInstallation[]> {
  return pages<GhInstallation>(client, ctx, 'installations', 'GET /orgs/{org}/installations', { org });
}

/** GET /apps/{app_slug} (publisher of an installed App). null when GitHub does not show the App (404). */
export async function getApp(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  slug: string,
): Promise<GhApp | null> {
  try {
    const response = await client.request('GET /apps/{app_slug}', { app_slug: slug });
    ctx.keepRaw('apps', response.data);
    return response.data as unknown as GhApp;
  } catch (error) {
    if (httpStatus(error) === 404) {
      ctx.log.info(`GitHub App ${slug} is not visible (404); its publisher stays unknown`);
      return null;
    }
    throw error;
  }
}

function ownerLogin(app: GhApp): string | null {
  const o = app.owner;
  if (!o || typeof o !== 'object') return null;
  const login = 'login' in o ? o.login : (o.slug ?? o.name ?? null);
  return typeof login === 'string' ? login : null; // a malformed owner leaves the publisher unknown
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/**
 * Publisher of an App: its owner account. GitHub's REST API has no "verified publisher" flag; the Marketplace
 * badge is only ever granted to organization-owned Apps, so `verified` = owner is an Organization or Enterprise.
 */
export function appPublisher(app: GhApp | null): Publisher | null {
  if (!app) return null;
  const o = app.owner;
  const login = ownerLogin(app);
  const isOrg = !!o && typeof o === 'object' && (!('login' in o) || o.type === 'Organization');
  return { name: login, verified: isOrg, domain: hostOf(app.external_url) };
}

/** Pure: one org installation (+ the App record when known) → an oauth_app identity. */
export function transform(raw: GhInstallation, ctx: TransformContext & { app?: GhApp | null }): IdentityInput {
  const selection = raw.repository_selection;
  const permissions: PermissionInput[] = [];
  for (const [key, level] of Object.entries(raw.permissions ?? {})) {
    if (typeof level !== 'string') continue;
    const a = appPermissionAccess(key, level);
    permissions.push({
      nativeName: `${key}:${level}`,
      resource: selection === 'all' ? '*' : 'selected repositories',
      access: a.access,
      sensitivity: a.sensitivity,
      pathToAdmin: a.pathToAdmin,
      source: 'installation.permissions',
      attributes: { key, level, repositorySelection: selection },
    });
  }
  const app = ctx.app ?? null;
  const owner = app ? ownerLogin(app) : null;
  return {
    id: githubId(ctx, 'installation', raw.id),
    platform: 'github',
    tenant: ctx.org,
    kind: 'oauth_app',
    nativeType: 'installation',
    nativeId: String(raw.id),
    name: raw.app_slug,
    createdAt: iso(raw.created_at),
    createdBy: null,
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: raw.suspended_at == null,
    publisher: appPublisher(app),
    thirdParty: owner !== null && owner.toLowerCase() !== ctx.org.toLowerCase(),
    attributes: {
      appId: raw.app_id,
      appSlug: raw.app_slug,
      appName: app?.name ?? null,
      clientId: raw.client_id ?? null,
      repositorySelection: selection,
      events: raw.events ?? [],
      targetType: raw.target_type ?? null,
      updatedAt: iso(raw.updated_at),
      suspendedAt: iso(raw.suspended_at),
      suspendedBy: raw.suspended_by?.login ?? null,
    },
    credentials: [],
    permissions,
    ownerClaims: [],
  };
}
