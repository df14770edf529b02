import type { IdentityInput, PermissionInput, Publisher } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages, withSignal } from './client.js';
import { type TransformContext, githubId, iso, permissionLevels, requireId, stringList } from './common.js';
import type { GitHubOptions } from './options.js';
import { appPermissionAccess } from './permission-map.js';
import type { GhApp, GhInstallation } from './wire.js';

/** GET /orgs/{org}/installations, page by page. */
export function listInstallations(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhInstallation[]> {
  return pages<GhInstallation>(client, ctx, 'installations', 'GET /orgs/{org}/installations', { org }, signal);
}

/**
 * GET /apps/{app_slug} (publisher of an installed App). Every App installed on an org is visible to the org's
 * owners and installations (public, or private to the org itself), so any failure, 404 included, is this one
 * App's part missing: the caller keeps the installation as stored rather than store it without its publisher.
 */
export async function getApp(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  slug: string,
  signal?: AbortSignal,
): Promise<GhApp> {
  const response = await withSignal(client, signal)('GET /apps/{app_slug}', { app_slug: slug });
  ctx.keepRaw('apps', response.data);
  return response.data as unknown as GhApp;
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
  const nativeId = requireId(raw.id, 'GitHub App installation');
  const slug = requireId(raw.app_slug, `GitHub App installation ${nativeId}`, 'app_slug');
  const selection = raw.repository_selection;
  const permissions: PermissionInput[] = [];
  for (const [key, level] of permissionLevels(raw.permissions)) {
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
    id: githubId(ctx, 'installation', nativeId),
    platform: 'github',
    tenant: ctx.org,
    kind: 'oauth_app',
    nativeType: 'installation',
    nativeId: String(nativeId),
    name: String(slug),
    createdAt: iso(raw.created_at),
    createdBy: null,
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: raw.suspended_at == null,
    publisher: appPublisher(app),
    thirdParty: owner !== null && owner.toLowerCase() !== ctx.org.toLowerCase(),
    attributes: {
      appId: raw.app_id,
      appSlug: String(slug),
      appName: app?.name ?? null,
      clientId: raw.client_id ?? null,
      repositorySelection: selection,
      events: stringList(raw.events, `GitHub App installation ${nativeId}`, 'events'),
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
