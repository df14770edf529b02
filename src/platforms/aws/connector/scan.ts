import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  ListAccessKeysCommand,
  type AccessKeyMetadata,
  type EntityType,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GroupDetail,
  type IAMClient,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { createIamClient } from './client.js';
import { forEachCredentialReportRow, type CredentialReportRow, type ReportKey } from './credential-report.js';
import type { AwsOptions } from './options.js';
import type { Grant } from './policy.js';
import {
  accessKeyCredential,
  addPolicy,
  indexGroups,
  isHumanUser,
  matchReportKey,
  transformHumanUser,
  transformRole,
  transformRoot,
  transformUser,
  REPORT_SOURCE,
  type KeyLastUsed,
  type ReportUser,
  type TransformContext,
} from './transform.js';

/** GetAccountAuthorizationDetails' documented maximum page size. */
const GAAD_PAGE = 1000;
const ALL: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
/** What users and roles refer to: held for the whole scan (a few hundred items in a large account). */
const REFERENCED: EntityType[] = ['Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
/** Streamed: each page is transformed and sent to the sink before the next one is kept. */
const PRINCIPALS: EntityType[] = ['User', 'Role'];

/**
 * Full scan of one AWS account with the fewest IAM calls (docs/connectors/aws.md):
 *   1. GenerateCredentialReport + GetCredentialReport — password use, MFA, and every key's last use in one CSV;
 *   2. GetAccountAuthorizationDetails (GAAD), 1000 items a page. One unfiltered page first: an account that fits
 *      in it is done in one call. Otherwise groups and managed policies (Filter=Group,LocalManagedPolicy,
 *      AWSManagedPolicy) are read and held in compact form (a policy's default-version grants, not its documents),
 *      then users and roles (Filter=User,Role) are streamed a page at a time, so memory does not grow with the
 *      account;
 *   3. ListAccessKeys only for users the report shows with a key (key ids exist nowhere else);
 *   GetAccessKeyLastUsed only for a key the report cannot be matched to (e.g. created after the report).
 */
export async function scanAws(ctx: ScanContext<AwsOptions>): Promise<ScanResult> {
  const options = ctx.options;
  const client = createIamClient(options, ctx.metrics);
  try {
    const { rows, root } = await fetchCredentialReport(client, ctx);
    const policies = new Map<string, { name: string; grants: Grant[] }>();
    const onPolicyError = (arn: string, error: Error) =>
      ctx.log.warn(`policy ${arn}: unreadable document (${error.message})`);
    const counts = { users: 0, roles: 0, humanRoles: 0 };

    const checkAccount = (arn: string | undefined): string => {
      const accountId = accountIdOf(arn) ?? ctx.tenant;
      if (/^\d{12}$/.test(ctx.tenant) && accountId !== ctx.tenant) {
        throw new Error(
          `the credentials for tenant aws:${ctx.tenant} open AWS account ${accountId}; fix the tenant id or the credentials in steward.yaml`,
        );
      }
      return accountId;
    };
    // The report's root row names the account: a wrong one is refused before anything is emitted.
    let accountId = root ? checkAccount(root.arn) : null;
    let tctx: TransformContext | null = null;
    /** The transform context, made (and the root user emitted) once groups and policies are known. */
    const contextFor = async (
      groups: GroupDetail[],
      page?: GetAccountAuthorizationDetailsCommandOutput,
    ): Promise<TransformContext> => {
      if (tctx) return tctx;
      accountId ??= checkAccount(page?.UserDetailList?.[0]?.Arn ?? page?.RoleDetailList?.[0]?.Arn);
      tctx = {
        tenant: ctx.tenant,
        accountId,
        now: ctx.clock.now(),
        staleDays: options.staleDays,
        policies,
        groups: indexGroups(groups),
      };
      if (root && root.keys.length > 0) await ctx.sink.identity(transformRoot(root, tctx));
      return tctx;
    };

    /** Emits one GAAD page's users (keys listed concurrently, records in order) and roles. */
    const emitPrincipals = async (users: UserDetail[], roles: RoleDetail[], t: TransformContext) => {
      const resolved = await mapLimit(users, options.concurrency, async (u) => {
        const row = rows.get(u.UserName ?? '');
        const keys = await listKeysIfAny(client, u, row);
        return { row, keys, lastUse: await lastUseOfKeys(client, keys, row) };
      });
      for (let j = 0; j < users.length; j++) {
        const u = users[j];
        const { row, keys, lastUse } = resolved[j];
        counts.users++;
        if (isHumanUser(row, keys)) {
          await ctx.sink.person(transformHumanUser(u, row, ctx.tenant));
          continue;
        }
        const credentials = keys.map((k, n) => accessKeyCredential(ctx.tenant, k, lastUse[n]));
        await ctx.sink.identity(transformUser(u, row, credentials, t));
      }
      for (const role of roles) {
        counts.roles++;
        const { identity, edges } = transformRole(role, t);
        if (!identity) {
          counts.humanRoles++;
          continue;
        }
        await ctx.sink.identity(identity);
        for (const e of edges) await ctx.sink.edge(e);
      }
      if (ctx.signal.aborted) throw new Error('scan was cancelled');
    };

    let first: GetAccountAuthorizationDetailsCommandOutput | null = await gaadPage(client, ctx, ALL, undefined);
    if (!first.IsTruncated) {
      // The whole account in one page (≤ 1000 items): nothing to stream.
      for (const p of first.Policies ?? []) addPolicy(policies, p, onPolicyError);
      await emitPrincipals(
        first.UserDetailList ?? [],
        first.RoleDetailList ?? [],
        await contextFor(first.GroupDetailList ?? [], first),
      );
    } else {
      // The first page is dropped (its users and roles come again below, under the User,Role filter).
      first = null;
      const groups: GroupDetail[] = [];
      for await (const page of gaadPages(client, ctx, REFERENCED)) {
        for (const g of page.GroupDetailList ?? []) groups.push(compactGroup(g));
        for (const p of page.Policies ?? []) addPolicy(policies, p, onPolicyError);
      }
      for await (const page of gaadPages(client, ctx, PRINCIPALS)) {
        await emitPrincipals(page.UserDetailList ?? [], page.RoleDetailList ?? [], await contextFor(groups, page));
      }
      await contextFor(groups);
    }
    ctx.log.info(
      `${counts.users} users, ${counts.roles} roles (${counts.humanRoles} SAML sign-in roles skipped), ${policies.size} managed policies`,
    );
    return { mode: 'full' };
  } finally {
    client.destroy();
  }
}

/**
 * One GAAD page (counted and kept raw). No per-call options (such as an abort signal): those would make the client
 * drop its cached middleware chains (client.ts); cancellation is checked between pages instead.
 */
async function gaadPage(
  client: IAMClient,
  ctx: ScanContext<AwsOptions>,
  filter: EntityType[],
  marker: string | undefined,
): Promise<GetAccountAuthorizationDetailsCommandOutput> {
  const page = await client.send(
    new GetAccountAuthorizationDetailsCommand({
      Filter: filter,
      MaxItems: GAAD_PAGE,
      ...(marker ? { Marker: marker } : {}),
    }),
  );
  ctx.metrics.page();
  ctx.keepRaw('GetAccountAuthorizationDetails', page);
  if (ctx.signal.aborted) throw new Error('scan was cancelled');
  return page;
}

/**
 * Every GAAD page of a filter. The next page is requested while the caller works on the current one (two pages
 * at most are alive), so the vendor's time to build a page overlaps ours to process the previous one.
 */
async function* gaadPages(
  client: IAMClient,
  ctx: ScanContext<AwsOptions>,
  filter: EntityType[],
): AsyncGenerator<GetAccountAuthorizationDetailsCommandOutput> {
  let next: Promise<GetAccountAuthorizationDetailsCommandOutput> | null = gaadPage(client, ctx, filter, undefined);
  try {
    while (next) {
      const page: GetAccountAuthorizationDetailsCommandOutput = await next;
      next = page.IsTruncated && page.Marker ? gaadPage(client, ctx, filter, page.Marker) : null;
      // A prefetch that fails while the caller is still busy must not be an unhandled rejection; it is awaited next turn.
      next?.catch(() => {});
      yield page;
    }
  } finally {
    // The caller stopped early (error, cancel): let an in-flight prefetch settle quietly.
    next?.catch(() => {});
  }
}

/** A group as users need it: name, attached policies and inline documents (no ARN, dates or metadata). */
function compactGroup(g: GroupDetail): GroupDetail {
  return {
    GroupName: g.GroupName,
    AttachedManagedPolicies: g.AttachedManagedPolicies,
    GroupPolicyList: g.GroupPolicyList,
  };
}

function accountIdOf(arn: string | undefined): string | null {
  return arn ? (/^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? null) : null;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new Error('scan was cancelled'));
      },
      { once: true },
    );
  });

const errorCode = (e: unknown) => (e as { name?: string; Code?: string }).Code ?? (e as { name?: string }).name;

/**
 * Downloads (and parses) one account's credential report at a time in this process. The report arrives as one
 * base64 text node, and the SDK's XML parser builds such a node a character at a time: transiently ~50 bytes of
 * heap per byte of report (measured: ~650 MB for the 13 MB report of a 62k-user account, freed right after).
 * Accounts scanned in parallel would otherwise add those peaks up.
 */
let reportGate: Promise<unknown> = Promise.resolve();
function oneReportAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = reportGate.then(fn, fn);
  reportGate = run.catch(() => undefined);
  return run;
}

/** Generate (or reuse, when AWS has a fresh one) the credential report, then download it and keep what users need. */
async function fetchCredentialReport(
  client: IAMClient,
  ctx: ScanContext<AwsOptions>,
): Promise<{ rows: Map<string, ReportUser>; root: CredentialReportRow | undefined }> {
  await client.send(new GenerateCredentialReportCommand({}), { abortSignal: ctx.signal });
  const deadline = Date.now() + ctx.options.reportWaitSeconds * 1000;
  let wait = 1000;
  for (;;) {
    try {
      return await oneReportAtATime(async () => {
        const out = await client.send(new GetCredentialReportCommand({}), { abortSignal: ctx.signal });
        if (!out.Content) throw new Error('GetCredentialReport returned no content');
        ctx.metrics.page();
        ctx.keepRaw('credential-report', {
          generatedTime: out.GeneratedTime,
          format: out.ReportFormat,
          get csv() {
            return Buffer.from(out.Content!).toString('utf8');
          },
        });
        return compactReport(out.Content);
      });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ReportInProgress' || code === 'CredentialReportNotReadyException') {
        if (Date.now() + wait > deadline)
          throw new Error(
            `the IAM credential report was still being generated after ${ctx.options.reportWaitSeconds}s; scan again later`,
          );
        await sleep(wait, ctx.signal);
        wait = Math.min(wait * 2, 10_000);
        continue;
      }
      if (
        code === 'ReportNotPresent' ||
        code === 'ReportExpired' ||
        code === 'CredentialReportNotPresentException' ||
        code === 'CredentialReportExpiredException'
      ) {
        await client.send(new GenerateCredentialReportCommand({}), { abortSignal: ctx.signal });
        if (Date.now() + wait > deadline)
          throw new Error('the IAM credential report could not be generated in time; scan again later');
        await sleep(wait, ctx.signal);
        continue;
      }
      throw error;
    }
  }
}

/**
 * The report as the scan holds it: per user name only what the user transforms read (password use, MFA, key
 * slots), with one shared empty key list and shared region/service strings; the root row whole.
 */
function compactReport(content: Uint8Array): { rows: Map<string, ReportUser>; root: CredentialReportRow | undefined } {
  const rows = new Map<string, ReportUser>();
  let root: CredentialReportRow | undefined;
  const strings = new Map<string, string>();
  const intern = (v: string | null) => {
    if (v === null) return null;
    const hit = strings.get(v);
    if (hit !== undefined) return hit;
    strings.set(v, v);
    return v;
  };
  forEachCredentialReportRow(content, (r) => {
    if (r.isRoot) {
      root = r;
      return;
    }
    const keys: ReportKey[] =
      r.keys.length === 0
        ? NO_KEYS
        : r.keys.map((k) => ({
            ...k,
            lastUsedRegion: intern(k.lastUsedRegion),
            lastUsedService: intern(k.lastUsedService),
          }));
    rows.set(r.user, {
      passwordEnabled: r.passwordEnabled,
      passwordLastUsed: r.passwordLastUsed,
      mfaActive: r.mfaActive,
      keys,
    });
  });
  return { rows, root };
}
const NO_KEYS: ReportKey[] = [];

/** ListAccessKeys for a user the report shows with a key, or that the report does not know (created since). */
async function listKeysIfAny(
  client: IAMClient,
  user: UserDetail,
  row: ReportUser | undefined,
): Promise<AccessKeyMetadata[]> {
  if (row && row.keys.length === 0) return [];
  const out = await client.send(new ListAccessKeysCommand({ UserName: user.UserName, MaxItems: 100 }));
  if (out.IsTruncated) throw new Error(`ListAccessKeys for ${user.UserName} was truncated (more than 100 keys?)`);
  return out.AccessKeyMetadata ?? [];
}

async function lastUseOfKeys(
  client: IAMClient,
  keys: AccessKeyMetadata[],
  row: ReportUser | undefined,
): Promise<Array<KeyLastUsed | null>> {
  const out: Array<KeyLastUsed | null> = [];
  for (let n = 0; n < keys.length; n++) {
    const match = row ? matchReportKey(keys[n], n, keys, row.keys) : null;
    if (match) {
      out.push({
        lastUsedDate: match.lastUsedDate,
        service: match.lastUsedService,
        region: match.lastUsedRegion,
        source: REPORT_SOURCE,
      });
      continue;
    }
    const r = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keys[n].AccessKeyId }));
    const used = r.AccessKeyLastUsed;
    const na = (v: string | undefined) => (v && v !== 'N/A' ? v : null);
    out.push({
      lastUsedDate: used?.LastUsedDate ? used.LastUsedDate.toISOString() : null,
      service: na(used?.ServiceName),
      region: na(used?.Region),
      source: 'GetAccessKeyLastUsed',
    });
  }
  return out;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
