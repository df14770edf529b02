import {
  GenerateCredentialReportCommand, GetAccessKeyLastUsedCommand, GetCredentialReportCommand, ListAccessKeysCommand,
  paginateGetAccountAuthorizationDetails, type AccessKeyMetadata, type GroupDetail, type IAMClient, type ManagedPolicyDetail,
  type RoleDetail, type UserDetail,
} from '@aws-sdk/client-iam';
import type { ScanContext, ScanResult } from '../runtime/connector.js';
import { createIamClient } from './client.js';
import { parseCredentialReport, type CredentialReportRow } from './credential-report.js';
import type { AwsOptions } from './options.js';
import {
  accessKeyCredential, indexPolicies, isHumanUser, matchReportKey, transformHumanUser, transformRole, transformRoot, transformUser,
  REPORT_SOURCE, type KeyLastUsed, type TransformContext,
} from './transform.js';

/**
 * Full scan of one AWS account with the fewest IAM calls (docs/connectors/aws.md):
 *   1. GenerateCredentialReport + GetCredentialReport — password use, MFA, and every key's last use in one CSV;
 *   2. GetAccountAuthorizationDetails, 1000 items a page — users, groups, roles (trust, RoleLastUsed, tags) and
 *      managed policies with their documents;
 *   3. ListAccessKeys only for users the report shows with a key (key ids exist nowhere else);
 *   GetAccessKeyLastUsed only for a key the report cannot be matched to (e.g. created after the report).
 */
export async function scanAws(ctx: ScanContext<AwsOptions>): Promise<ScanResult> {
  const options = ctx.options;
  const client = createIamClient(options, ctx.metrics);
  try {
    const report = await fetchCredentialReport(client, ctx);
    const rows = new Map<string, CredentialReportRow>();
    let root: CredentialReportRow | undefined;
    for (const r of report) {
      if (r.isRoot) root = r;
      else rows.set(r.user, r);
    }

    const users: UserDetail[] = [];
    const roles: RoleDetail[] = [];
    const groups = new Map<string, GroupDetail>();
    const policies: ManagedPolicyDetail[] = [];
    const pages = paginateGetAccountAuthorizationDetails(
      { client, pageSize: 1000 },
      { Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] },
    );
    for await (const page of pages) {
      ctx.metrics.page();
      ctx.keepRaw('GetAccountAuthorizationDetails', page);
      for (const u of page.UserDetailList ?? []) users.push(u);
      for (const r of page.RoleDetailList ?? []) roles.push(r);
      for (const g of page.GroupDetailList ?? []) if (g.GroupName) groups.set(g.GroupName, g);
      for (const p of page.Policies ?? []) policies.push(p);
      if (ctx.signal.aborted) throw new Error('scan was cancelled');
    }

    const accountId = accountIdOf(root, users, roles) ?? ctx.tenant;
    if (/^\d{12}$/.test(ctx.tenant) && accountId !== ctx.tenant) {
      throw new Error(`the credentials for tenant aws:${ctx.tenant} open AWS account ${accountId}; fix the tenant id or the credentials in steward.yaml`);
    }
    const tctx: TransformContext = {
      tenant: ctx.tenant,
      accountId,
      now: ctx.clock.now(),
      staleDays: options.staleDays,
      policies: indexPolicies(policies, (arn, error) => ctx.log.warn(`policy ${arn}: unreadable document (${error.message})`)),
      groups,
    };

    if (root && root.keys.length > 0) await ctx.sink.identity(transformRoot(root, tctx));

    // Users, a chunk at a time: key listing runs concurrently, records go to the sink in order.
    const chunk = Math.max(1, options.concurrency) * 4;
    for (let i = 0; i < users.length; i += chunk) {
      const slice = users.slice(i, i + chunk);
      const keyLists = await mapLimit(slice, options.concurrency, (u) => listKeysIfAny(client, u, rows.get(u.UserName ?? '')));
      const resolved = await mapLimit(slice, options.concurrency, (u, j) => lastUseOfKeys(client, keyLists[j], rows.get(u.UserName ?? '')));
      for (let j = 0; j < slice.length; j++) {
        const u = slice[j];
        const row = rows.get(u.UserName ?? '');
        if (isHumanUser(row, keyLists[j])) {
          await ctx.sink.person(transformHumanUser(u, row, ctx.tenant));
          continue;
        }
        const credentials = keyLists[j].map((k, n) => accessKeyCredential(ctx.tenant, k, resolved[j][n]));
        await ctx.sink.identity(transformUser(u, row, credentials, tctx));
      }
      if (ctx.signal.aborted) throw new Error('scan was cancelled');
    }

    let humanRoles = 0;
    for (const role of roles) {
      const { identity, edges } = transformRole(role, tctx);
      if (!identity) {
        humanRoles++;
        continue;
      }
      await ctx.sink.identity(identity);
      for (const e of edges) await ctx.sink.edge(e);
    }
    ctx.log.info(`${users.length} users, ${roles.length} roles (${humanRoles} SAML sign-in roles skipped), ${policies.length} managed policies`);
    return { mode: 'full' };
  } finally {
    client.destroy();
  }
}

function accountIdOf(root: CredentialReportRow | undefined, users: UserDetail[], roles: RoleDetail[]): string | null {
  const arn = root?.arn ?? users[0]?.Arn ?? roles[0]?.Arn;
  return arn ? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? null : null;
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('scan was cancelled')); }, { once: true });
});

const errorCode = (e: unknown) => (e as { name?: string; Code?: string }).Code ?? (e as { name?: string }).name;

/** Generate (or reuse, when AWS has a fresh one) the credential report, then download it. */
async function fetchCredentialReport(client: IAMClient, ctx: ScanContext<AwsOptions>): Promise<CredentialReportRow[]> {
  await client.send(new GenerateCredentialReportCommand({}), { abortSignal: ctx.signal });
  const deadline = Date.now() + ctx.options.reportWaitSeconds * 1000;
  let wait = 1000;
  for (;;) {
    try {
      const out = await client.send(new GetCredentialReportCommand({}), { abortSignal: ctx.signal });
      if (!out.Content) throw new Error('GetCredentialReport returned no content');
      ctx.metrics.page();
      const csv = Buffer.from(out.Content).toString('utf8');
      ctx.keepRaw('credential-report', { generatedTime: out.GeneratedTime, format: out.ReportFormat, csv });
      return parseCredentialReport(csv);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ReportInProgress' || code === 'CredentialReportNotReadyException') {
        if (Date.now() + wait > deadline) throw new Error(`the IAM credential report was still being generated after ${ctx.options.reportWaitSeconds}s; scan again later`);
        await sleep(wait, ctx.signal);
        wait = Math.min(wait * 2, 10_000);
        continue;
      }
      if (code === 'ReportNotPresent' || code === 'ReportExpired' || code === 'CredentialReportNotPresentException' || code === 'CredentialReportExpiredException') {
        await client.send(new GenerateCredentialReportCommand({}), { abortSignal: ctx.signal });
        if (Date.now() + wait > deadline) throw new Error('the IAM credential report could not be generated in time; scan again later');
        await sleep(wait, ctx.signal);
        continue;
      }
      throw error;
    }
  }
}

/** ListAccessKeys for a user the report shows with a key, or that the report does not know (created since). */
async function listKeysIfAny(client: IAMClient, user: UserDetail, row: CredentialReportRow | undefined): Promise<AccessKeyMetadata[]> {
  if (row && row.keys.length === 0) return [];
  const out = await client.send(new ListAccessKeysCommand({ UserName: user.UserName, MaxItems: 100 }));
  if (out.IsTruncated) throw new Error(`ListAccessKeys for ${user.UserName} was truncated (more than 100 keys?)`);
  return out.AccessKeyMetadata ?? [];
}

async function lastUseOfKeys(client: IAMClient, keys: AccessKeyMetadata[], row: CredentialReportRow | undefined): Promise<Array<KeyLastUsed | null>> {
  const out: Array<KeyLastUsed | null> = [];
  for (let n = 0; n < keys.length; n++) {
    const match = row ? matchReportKey(keys[n], n, keys, row.keys) : null;
    if (match) {
      out.push({ lastUsedDate: match.lastUsedDate, service: match.lastUsedService, region: match.lastUsedRegion, source: REPORT_SOURCE });
      continue;
    }
    const r = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keys[n].AccessKeyId }));
    const used = r.AccessKeyLastUsed;
    const na = (v: string | undefined) => (v && v !== 'N/A' ? v : null);
    out.push({ lastUsedDate: used?.LastUsedDate ? used.LastUsedDate.toISOString() : null, service: na(used?.ServiceName), region: na(used?.Region), source: 'GetAccessKeyLastUsed' });
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
