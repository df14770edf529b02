import type { GroupDetail, IAMClient, RoleDetail, UserDetail } from '@aws-sdk/client-iam';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { accessKeyCredential, keysOfUsers } from './access-keys.js';
import { createIamClient } from './client.js';
import type { TransformContext } from './context.js';
import { fetchCredentialReport, type HeldReport } from './credential-report.js';
import { ALL, gaadPage, gaadPages, PRINCIPALS, REFERENCED, type GaadPage } from './gaad.js';
import { compactGroup, indexGroups } from './groups.js';
import { addPolicy, type HeldPolicy } from './managed-policies.js';
import type { AwsOptions } from './options.js';
import { transformRole } from './roles.js';
import { transformRoot } from './root.js';
import { isHumanUser, transformHumanUser, transformUser } from './users.js';

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
  const client = createIamClient(ctx.options, ctx.metrics);
  try {
    const scan = new AccountScan(client, ctx, await fetchCredentialReport(client, ctx));
    await scan.run();
    ctx.log.info(scan.summary());
    return { mode: 'full' };
  } finally {
    client.destroy();
  }
}

/** One account's scan once the credential report is held: GAAD pages in, records out. */
class AccountScan {
  private readonly policies = new Map<string, HeldPolicy>();
  private readonly counts = { users: 0, roles: 0, humanRoles: 0 };
  private accountId: string | null;
  private transformContext: TransformContext | null = null;

  constructor(
    private readonly client: IAMClient,
    private readonly ctx: ScanContext<AwsOptions>,
    private readonly report: HeldReport,
  ) {
    // The report's root row names the account: a wrong one is refused before anything is emitted.
    this.accountId = report.root ? this.checkAccount(report.root.arn) : null;
  }

  async run(): Promise<void> {
    if (!(await this.readWholeAccount())) await this.streamAccount();
  }

  /** The unfiltered first page; when it holds the whole account (≤ 1000 items) it is all there is to read. */
  private async readWholeAccount(): Promise<boolean> {
    const first = await gaadPage(this.client, this.ctx, ALL, undefined);
    // Otherwise the page is dropped here: its users and roles come again under the User,Role filter.
    if (first.IsTruncated) return false;
    for (const p of first.Policies ?? []) this.addPolicy(p);
    const t = await this.contextFor(first.GroupDetailList ?? [], first);
    await this.emitPrincipals(first.UserDetailList ?? [], first.RoleDetailList ?? [], t);
    return true;
  }

  /** Groups and managed policies held, then users and roles streamed a page at a time. */
  private async streamAccount(): Promise<void> {
    const groups: GroupDetail[] = [];
    for await (const page of gaadPages(this.client, this.ctx, REFERENCED)) {
      for (const g of page.GroupDetailList ?? []) groups.push(compactGroup(g));
      for (const p of page.Policies ?? []) this.addPolicy(p);
    }
    for await (const page of gaadPages(this.client, this.ctx, PRINCIPALS)) {
      const t = await this.contextFor(groups, page);
      await this.emitPrincipals(page.UserDetailList ?? [], page.RoleDetailList ?? [], t);
    }
    await this.contextFor(groups);
  }

  summary(): string {
    const { users, roles, humanRoles } = this.counts;
    return `${users} users, ${roles} roles (${humanRoles} SAML sign-in roles skipped), ${this.policies.size} managed policies`;
  }

  private addPolicy(p: NonNullable<GaadPage['Policies']>[number]): void {
    addPolicy(this.policies, p, (arn, error) =>
      this.ctx.log.warn(`policy ${arn}: unreadable document (${error.message})`),
    );
  }

  private checkAccount(arn: string | undefined): string {
    const { tenant } = this.ctx;
    const accountId = accountIdOf(arn) ?? tenant;
    if (/^\d{12}$/.test(tenant) && accountId !== tenant) {
      throw new Error(
        `the credentials for tenant aws:${tenant} open AWS account ${accountId}; fix the tenant id or the credentials in steward.yaml`,
      );
    }
    return accountId;
  }

  /** The transform context, made (and the root user emitted) once groups and policies are known. */
  private async contextFor(groups: GroupDetail[], page?: GaadPage): Promise<TransformContext> {
    if (this.transformContext) return this.transformContext;
    this.accountId ??= this.checkAccount(page?.UserDetailList?.[0]?.Arn ?? page?.RoleDetailList?.[0]?.Arn);
    const t: TransformContext = {
      tenant: this.ctx.tenant,
      accountId: this.accountId,
      now: this.ctx.clock.now(),
      staleDays: this.ctx.options.staleDays,
      policies: this.policies,
      groups: indexGroups(groups),
    };
    this.transformContext = t;
    const root = this.report.root;
    if (root && root.keys.length > 0) await this.ctx.sink.identity(transformRoot(root, t));
    return t;
  }

  /** Emits one GAAD page's users (keys listed concurrently, records in order) and roles. */
  private async emitPrincipals(users: UserDetail[], roles: RoleDetail[], t: TransformContext): Promise<void> {
    await this.emitUsers(users, t);
    await this.emitRoles(roles, t);
    if (this.ctx.signal.aborted) throw new Error('scan was cancelled');
  }

  private async emitUsers(users: UserDetail[], t: TransformContext): Promise<void> {
    const { sink, tenant } = this.ctx;
    const resolved = await keysOfUsers(this.client, users, this.report.rows, this.ctx.options.concurrency);
    for (let j = 0; j < users.length; j++) {
      const u = users[j];
      const { row, keys, lastUse } = resolved[j];
      this.counts.users++;
      if (isHumanUser(row, keys)) {
        await sink.person(transformHumanUser(u, row, tenant));
        continue;
      }
      const credentials = keys.map((k, n) => accessKeyCredential(tenant, k, lastUse[n]));
      await sink.identity(transformUser(u, row, credentials, t));
    }
  }

  private async emitRoles(roles: RoleDetail[], t: TransformContext): Promise<void> {
    for (const role of roles) {
      this.counts.roles++;
      const { identity, edges } = transformRole(role, t);
      if (!identity) {
        this.counts.humanRoles++;
        continue;
      }
      await this.ctx.sink.identity(identity);
      for (const e of edges) await this.ctx.sink.edge(e);
    }
  }
}

function accountIdOf(arn: string | undefined): string | null {
  return arn ? (/^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? null) : null;
}
