import { type Account, ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ExpandContext, MemberListing, TenantExpansion } from '../../../sync/connector.js';
import { describeFailure } from '../../../sync/failure.js';
import { createOrganizationsClient } from './client.js';
import type { AwsOptions, OrganizationOptions } from './options.js';
import { awsSources, ORGANIZATION_ACCOUNTS } from './sources.js';

/**
 * AWS Organizations: a tenant with `organization` is the management (or delegated administrator) account; every
 * ACTIVE member account becomes a tenant of its own, scanned by assuming `memberRole` in it (docs/connectors/aws.md,
 * "Organizations"). The listing is read once, before any run; its outcome is recorded in the management run.
 */

/** ListAccounts' page size: Organizations refuses more than 20. */
const PAGE_SIZE = 20;
/**
 * Organizations answers these with HTTP 400 (awsJson1_1), yet they are refusals an operator fixes with a permission
 * or a setting, not vendor failures: the listing is skipped, naming the permission.
 */
const REFUSAL_CODES = new Set(['AccessDeniedException', 'AWSOrganizationsNotInUseException']);

const listingSpec = awsSources.find((s) => s.id === ORGANIZATION_ACCOUNTS)!;

/** `Connector.expandTenant`: the member accounts to scan, or null for a tenant without `organization`. */
export async function expandOrganization(options: AwsOptions, ctx: ExpandContext): Promise<TenantExpansion | null> {
  const org = options.organization;
  if (!org) return null;
  const client = createOrganizationsClient(options, { apiCall: () => {}, page: () => {}, retry: () => {} });
  try {
    const accounts = await listAccounts(client, ctx.signal);
    const members = membersToScan(accounts, ctx.tenant, org);
    ctx.log.info(`organization: ${accounts.length} accounts listed, ${members.length} member accounts to scan`);
    return { members, listing: completeListing(accounts.length), concurrency: org.concurrency };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const listing = failedListing(error);
    ctx.log.warn(
      `organization: member accounts not listed (${listing.problem?.message}); only this account is scanned`,
    );
    return { members: [], listing, concurrency: org.concurrency };
  } finally {
    client.destroy();
  }
}

/** Every account of the organization, page after page (NextToken). */
export async function listAccounts(client: OrganizationsClient, signal: AbortSignal): Promise<Account[]> {
  const accounts: Account[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListAccountsCommand({ MaxResults: PAGE_SIZE, NextToken: token }), {
      abortSignal: signal,
    });
    accounts.push(...(page.Accounts ?? []));
    token = page.NextToken;
  } while (token);
  return accounts;
}

/**
 * The member accounts to scan: ACTIVE ones (`State`; `Status` where an older answer has no State), never the
 * management account itself, only `include` when given, never `exclude`. SUSPENDED, PENDING_CLOSURE (and closed)
 * accounts are not scanned, so nothing stored for them changes.
 */
export function membersToScan(accounts: readonly Account[], management: string, org: OrganizationOptions): string[] {
  const only = org.include ? new Set(org.include) : null;
  const never = new Set([...org.exclude, management]);
  const ids = accounts
    .filter((a) => (a.State ?? a.Status) === 'ACTIVE')
    .map((a) => a.Id)
    .filter((id): id is string => typeof id === 'string' && /^\d{12}$/.test(id));
  return [...new Set(ids)].filter((id) => !never.has(id) && (!only || only.has(id)));
}

/**
 * `Connector.memberOptions`: the management account's options as written in steward.yaml (its credentials call STS
 * AssumeRole; secret references unresolved), less `organization`, plus the role to assume in `accountId`.
 */
export function memberOptions(raw: unknown, parsed: AwsOptions, accountId: string): unknown {
  const org = parsed.organization;
  if (!org) throw new Error('memberOptions needs a tenant with organization');
  const { organization, ...own } = (raw ?? {}) as Record<string, unknown>;
  // The external id stays a secret reference, as written: it is resolved when the member job's options are validated.
  const externalId = (organization as { externalId?: unknown } | undefined)?.externalId;
  return {
    ...own,
    assumeRole: {
      roleArn: `arn:${partitionOf(parsed.region)}:iam::${accountId}:role/${org.memberRole}`,
      ...(externalId !== undefined ? { externalId } : {}),
    },
  };
}

/** The ARN partition of a region: China and GovCloud regions have their own. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function completeListing(items: number): MemberListing {
  return { source: ORGANIZATION_ACCOUNTS, status: 'complete', items, problem: null };
}

/** A failed ListAccounts as the source tracker would record it; Organizations' refusals are skipped, not failed. */
export function failedListing(error: unknown): MemberListing {
  const problem = describeFailure(error, listingSpec);
  const refused = problem.kind === 'http' && REFUSAL_CODES.has(problem.vendorCode ?? '');
  const skipped = refused || [401, 403, 404].includes(problem.httpStatus ?? 0);
  return {
    source: ORGANIZATION_ACCOUNTS,
    status: skipped ? 'skipped' : 'failed',
    items: 0,
    problem: skipped ? { ...problem, permission: listingSpec.permission } : problem,
  };
}
