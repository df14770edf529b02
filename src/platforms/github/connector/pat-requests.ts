import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import type { TransformContext } from './common.js';
import type { GitHubOptions } from './options.js';
import { patIdentity } from './personal-access-tokens.js';
import type { GhPatRequest } from './wire.js';

/** GET /orgs/{org}/personal-access-token-requests (pending fine-grained PAT requests; GitHub Apps only, as grants). */
export function listPatRequests(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhPatRequest[]> {
  return pages<GhPatRequest>(
    client,
    ctx,
    'personal-access-token-requests',
    'GET /orgs/{org}/personal-access-token-requests',
    { org },
    signal,
  );
}

/** Pure: one pending fine-grained PAT request → a personal_access_token identity (enabled: false — not granted yet). */
export function transform(raw: GhPatRequest, ctx: TransformContext): IdentityInput {
  return patIdentity(raw, ctx, 'pat_request', raw.created_at, false);
}
