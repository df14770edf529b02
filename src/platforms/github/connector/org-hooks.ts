import type { CredentialInput, IdentityInput, PermissionInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, githubId, iso, requireId, safeUrl, stringList } from './common.js';
import type { GitHubOptions } from './options.js';
import { webhookEventAccess } from './permission-map.js';
import type { GhHook } from './wire.js';

/** GET /orgs/{org}/hooks. */
export function listOrgHooks(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhHook[]> {
  return pages<GhHook>(client, ctx, 'org-hooks', 'GET /orgs/{org}/hooks', { org }, signal);
}

/** The last delivery's outcome, exactly the three fields GitHub's hook-response schema defines (repo hooks only). */
function lastResponse(raw: GhHook): { code: number | null; status: string | null; message: string | null } | null {
  const r = raw.last_response;
  return r ? { code: r.code ?? null, status: r.status ?? null, message: r.message ?? null } : null;
}

/** A configured signing secret (GitHub shows only "********"): a credential with no dates. */
function signingSecret(id: string, active: boolean): CredentialInput {
  return {
    id: `${id}#webhook_secret`,
    type: 'webhook_secret',
    name: null,
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedSource: null,
    fingerprint: null,
    enabled: active,
    attributes: { supportsExpiry: false },
  };
}

/** One read permission per event the hook sends out, on its repository (or `*` for an org hook). */
function eventPermissions(events: string[], resource: string): PermissionInput[] {
  return events.map((event) => {
    const a = webhookEventAccess(event);
    return {
      nativeName: `event:${event}`,
      resource,
      access: a.access,
      sensitivity: a.sensitivity,
      pathToAdmin: false,
      source: 'hook.events',
    };
  });
}

/**
 * Shared by org and repo hooks. The receiver URL is stored without query/userinfo (see safeUrl). A configured
 * secret comes back masked ("********"): it only tells us a signing secret exists — the value is never stored.
 */
export function hookIdentity(
  raw: GhHook,
  ctx: TransformContext,
  nativeType: 'org_hook' | 'repo_hook',
  attributes: Record<string, unknown>,
): IdentityInput {
  const nativeId = requireId(raw.id, `GitHub ${nativeType === 'org_hook' ? 'organization' : 'repository'} webhook`);
  const id = githubId(ctx, nativeType, nativeId);
  const events = stringList(raw.events, `GitHub hook ${nativeId}`, 'events');
  const url = safeUrl(raw.config?.url);
  const insecureSsl = String(raw.config?.insecure_ssl ?? '0') === '1';
  const hasSecret = typeof raw.config?.secret === 'string' && raw.config.secret.length > 0;
  return {
    id,
    platform: 'github',
    tenant: ctx.org,
    kind: 'webhook',
    nativeType,
    nativeId: String(nativeId),
    name: url,
    createdAt: iso(raw.created_at),
    createdBy: null,
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: raw.active,
    attributes: {
      ...attributes,
      url,
      scheme: url.split(':')[0] || null,
      insecureSsl,
      contentType: raw.config?.content_type ?? null,
      hasSecret,
      events,
      updatedAt: iso(raw.updated_at),
      lastResponse: lastResponse(raw),
    },
    credentials: hasSecret ? [signingSecret(id, raw.active)] : [],
    permissions: eventPermissions(events, (attributes.repository as string | undefined) ?? '*'),
    ownerClaims: [],
  };
}

/** Pure: one organization webhook → a webhook identity. */
export function transform(raw: GhHook, ctx: TransformContext): IdentityInput {
  return hookIdentity(raw, ctx, 'org_hook', { scope: 'organization' });
}
