import type { PersonInput } from '../../../model/index.js';
import { personId } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, requireId } from './common.js';
import type { GitHubOptions } from './options.js';
import type { GhSimpleUser } from './wire.js';

/** GET /orgs/{org}/members (filter=all, role=all). */
export function listMembers(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhSimpleUser[]> {
  return pages<GhSimpleUser>(client, ctx, 'members', 'GET /orgs/{org}/members', { org }, signal);
}

/**
 * Pure: one org member → a Person (source github). GitHub only knows membership, not employment: every member is
 * `active` here; departures come from the IdP/HR sources. `email` is set when GitHub exposes one on the member
 * object (verified-domain / public email), lower-cased.
 */
export function transform(raw: GhSimpleUser, ctx: TransformContext): PersonInput {
  const nativeId = requireId(raw.id, 'GitHub organization member');
  return {
    id: personId('github', ctx.org, nativeId),
    source: 'github',
    tenant: ctx.org,
    nativeId: String(nativeId),
    email: typeof raw.email === 'string' && raw.email ? raw.email.toLowerCase() : null,
    name: raw.name ?? null,
    login: raw.login,
    status: 'active',
    attributes: { siteAdmin: raw.site_admin ?? false, type: raw.type ?? 'User' },
  };
}
