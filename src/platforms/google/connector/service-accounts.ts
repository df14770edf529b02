import type { CredentialInput, IdentityInput, OwnerClaim, StaleField } from '../../../model/index.js';
import type { CloudClients } from './cloud-client.js';
import {
  cloudId,
  type CloudTransformContext,
  type ProjectRef,
  requireObject,
  requireStr,
  str,
} from './cloud-common.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';
import type { GcpServiceAccount, GcpServiceAccountKey } from './cloud-wire.js';
import { NO_BINDINGS, type ProjectBindings } from './iam-policy.js';
import { type LastAuthIndex, SA_LAST_AUTH_SOURCE } from './last-authentication.js';
import { keyCredential } from './sa-keys.js';

/** serviceAccounts.list allows at most 100 accounts a page (default 20). */
export const SA_PAGE_SIZE = 100;

/** One project's service accounts, page by page (`name` = `projects/{projectId}`, `nextPageToken`). */
export async function* listServiceAccounts(
  c: CloudClients,
  projectId: string,
  signal: AbortSignal,
): AsyncGenerator<GcpServiceAccount[]> {
  let pageToken: string | undefined;
  do {
    const data = await c.calls.call(CLOUD_CALLS.listServiceAccounts, signal, (o) =>
      c.iam.projects.serviceAccounts.list({ name: `projects/${projectId}`, pageSize: SA_PAGE_SIZE, pageToken }, o),
    );
    yield data.accounts ?? [];
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken && !signal.aborted);
}

/** What other calls said about one account. null = that call was not answered for it (see `stale`). */
export interface AccountParts {
  /** keys.list (user-managed); null = not read for this account, its stored keys are kept. */
  keys: GcpServiceAccountKey[] | null;
  /** Policy Analyzer, per account and per key; null = usage unknown (not granted or not answered). */
  accountUse: LastAuthIndex | null;
  keyUse: LastAuthIndex | null;
  bindings: ProjectBindings;
  stale: StaleField[];
}

export const NO_PARTS: AccountParts = { keys: [], accountUse: null, keyUse: null, bindings: NO_BINDINGS, stale: [] };

const COMPUTE_DEFAULT = /^\d+-compute@developer\.gserviceaccount\.com$/;
const APP_ENGINE_DEFAULT = /@appspot\.gserviceaccount\.com$/;

/** Google creates these when Compute Engine or App Engine is enabled, and (by default) grants them roles/editor. */
export function defaultAccountKind(email: string): 'compute_engine' | 'app_engine' | null {
  if (COMPUTE_DEFAULT.test(email)) return 'compute_engine';
  if (APP_ENGINE_DEFAULT.test(email)) return 'app_engine';
  return null;
}

/** `owner: jdoe@acme.test` (or `owner=`) in the description: the convention for naming an account's owner. */
const OWNER_IN_DESCRIPTION = /\bowner\s*[:=]\s*([^\s,;()]+@[^\s,;()]+)/i;

function ownerClaims(description: string | null, saAdmins: readonly string[], projectId: string): OwnerClaim[] {
  const claims: OwnerClaim[] = [];
  const named = description ? OWNER_IN_DESCRIPTION.exec(description)?.[1] : undefined;
  if (named)
    claims.push({
      ref: named.toLowerCase(),
      refType: 'email',
      source: 'explicit_owner',
      confidence: 0.8,
      evidence: 'named as owner in the description',
    });
  for (const admin of saAdmins)
    claims.push({
      ref: admin.toLowerCase(),
      refType: 'email',
      source: 'repo_admin',
      confidence: 0.4,
      evidence: `holds roles/iam.serviceAccountAdmin on project ${projectId}`,
    });
  return claims;
}

/**
 * Pure: one account of serviceAccounts.list → a `service_account` identity, its user-managed keys as credentials,
 * its project-level roles as permissions. The unique id is the native id: an account deleted and re-created under
 * the same email is another account.
 */
export function transform(
  raw: GcpServiceAccount,
  project: ProjectRef,
  t: CloudTransformContext,
  parts: AccountParts = NO_PARTS,
): IdentityInput {
  const sa = requireObject(raw, 'service account');
  const email = requireStr(sa.email, 'service account', 'email');
  const uniqueId = requireStr(sa.uniqueId, `service account ${email}`, 'uniqueId');
  const description = str(sa.description);
  const keys = parts.keys ?? [];
  const credentials = keys
    .map((k) => keyCredential(k, { email, uniqueId }, parts.keyUse))
    .filter((c): c is CredentialInput => c !== null);
  const lastUsedAt = parts.accountUse?.get(email.toLowerCase()) ?? parts.accountUse?.get(uniqueId) ?? null;
  return {
    id: cloudId(t, 'service_account', uniqueId),
    platform: 'google',
    tenant: t.tenant,
    kind: 'service_account',
    nativeType: 'service_account',
    nativeId: uniqueId,
    name: email,
    lastUsedAt,
    lastUsedSource: parts.accountUse ? SA_LAST_AUTH_SOURCE : null,
    enabled: sa.disabled !== true,
    attributes: {
      projectId: str(sa.projectId) ?? project.projectId,
      projectNumber: project.projectNumber,
      email,
      uniqueId,
      oauth2ClientId: str(sa.oauth2ClientId),
      displayName: str(sa.displayName),
      description,
      defaultServiceAccount: defaultAccountKind(email),
    },
    credentials,
    permissions: parts.bindings.bySa.get(email.toLowerCase()) ?? [],
    ownerClaims: ownerClaims(description, parts.bindings.saAdmins, project.projectId),
    stale: parts.stale,
  };
}
