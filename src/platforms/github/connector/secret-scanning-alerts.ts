import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, githubId, iso, requireId } from './common.js';
import type { GitHubOptions } from './options.js';
import type { GhSecretScanningAlert } from './wire.js';

/**
 * GET /orgs/{org}/secret-scanning/alerts?state=open&hide_secret=true: the org's open secret-scanning alerts, newest
 * first. `hide_secret` keeps the leaked value off the wire: Steward never receives it, so it can neither store nor
 * log it. GitHub answers 404 where secret scanning (GitHub Advanced Security / Secret Protection) is off: the
 * source is then skipped, not empty.
 */
export function listOpenAlerts(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  org: string,
  signal?: AbortSignal,
): AsyncGenerator<GhSecretScanningAlert[]> {
  return pages<GhSecretScanningAlert>(
    client,
    ctx,
    'secret-scanning-alerts',
    'GET /orgs/{org}/secret-scanning/alerts',
    { org, state: 'open', hide_secret: true },
    signal,
  );
}

/**
 * The GitHub NHIs a leaked GitHub credential can belong to, by secret type. The alert names no token id, and
 * matching the value (a token's last eight characters) would mean asking GitHub for it; so the finding says which
 * kind of NHI to look for and revoke, not which one.
 */
const GITHUB_SECRET_OWNERS: Record<string, string[]> = {
  github_personal_access_token: ['credential_authorization', 'pat_grant'],
  github_oauth_access_token: ['credential_authorization'],
  github_refresh_token: ['credential_authorization'],
  github_app_installation_access_token: ['installation'],
  github_ssh_private_key: ['credential_authorization', 'deploy_key'],
};

const VALIDITIES = ['active', 'inactive', 'unknown'] as const;
const optionalBoolean = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

function repositoryOf(raw: GhSecretScanningAlert, what: string): { name: string; full_name: string } {
  const r = raw.repository;
  if (!r || typeof r.name !== 'string' || r.name === '' || typeof r.full_name !== 'string')
    throw new InvalidRecordError(`${what} without its repository in the API response`, null);
  return r;
}

/**
 * Pure: one alert → a leaked-secret identity (nativeId `<repo>/<number>`: alert numbers count per repository).
 * A validity GitHub did not send (GHES, or no validity check for the type) is `unknown`; an undocumented one is
 * refused, since the rules grade by it.
 */
export function transform(raw: GhSecretScanningAlert, ctx: TransformContext): IdentityInput {
  if (!raw || typeof raw !== 'object')
    throw new InvalidRecordError('GitHub secret scanning alert is not an object', null);
  const number = requireId(raw.number, 'GitHub secret scanning alert', 'number');
  const what = `GitHub secret scanning alert ${number}`;
  const repo = repositoryOf(raw, what);
  const secretType = requireId(raw.secret_type, what, 'secret_type');
  const validity = raw.validity ?? 'unknown';
  if (!(VALIDITIES as readonly unknown[]).includes(validity))
    throw new InvalidRecordError(`${what}: validity ${JSON.stringify(validity)} is not documented`, null);
  if (raw.state !== 'open' && raw.state !== 'resolved')
    throw new InvalidRecordError(`${what}: state ${JSON.stringify(raw.state)} is not documented`, null);
  const display = typeof raw.secret_type_display_name === 'string' ? raw.secret_type_display_name : null;
  const nativeId = `${repo.name}/${number}`;
  return {
    id: githubId(ctx, 'secret_scanning_alert', nativeId),
    platform: 'github',
    tenant: ctx.org,
    kind: 'secret',
    nativeType: 'secret_scanning_alert',
    nativeId,
    name: `${display ?? secretType} leaked in ${repo.full_name} (alert ${number})`,
    createdAt: iso(raw.created_at),
    createdBy: null,
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: true,
    attributes: {
      leakedIn: repo.full_name,
      alertNumber: Number(number),
      state: raw.state,
      secretType: String(secretType),
      secretTypeDisplayName: display,
      provider: typeof raw.provider === 'string' ? raw.provider : null,
      validity: validity as (typeof VALIDITIES)[number],
      publiclyLeaked: optionalBoolean(raw.publicly_leaked),
      multiRepo: optionalBoolean(raw.multi_repo),
      pushProtectionBypassed: optionalBoolean(raw.push_protection_bypassed),
      belongsToNativeTypes: GITHUB_SECRET_OWNERS[String(secretType)] ?? [],
      updatedAt: iso(raw.updated_at),
    },
    credentials: [],
    permissions: [],
    ownerClaims: [],
  };
}
