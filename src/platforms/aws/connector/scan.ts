import type {
  EntityType,
  GroupDetail,
  IAMClient,
  ManagedPolicyDetail,
  RoleDetail,
  UserDetail,
} from '@aws-sdk/client-iam';
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { EdgeInput, IdentityInput, PersonInput } from '../../../model/index.js';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { AccessKeyReader, accessKeyCredential, type UserKeys } from './access-keys.js';
import {
  type HeldServiceCredentials,
  readOidcProviders,
  readSamlProviders,
  readServiceCredentials,
} from './account-lists.js';
import { assumeRoleCredentials } from './assume-role.js';
import { checkCallerAccount, assertTenantAccount } from './caller-identity.js';
import { createAccessAnalyzerClient, createIamClient, createStsClient } from './client.js';
import type { TransformContext } from './context.js';
import { fetchCredentialReport, type HeldReport } from './credential-report.js';
import { ALL, gaadPage, gaadPages, PRINCIPALS, REFERENCED, type GaadPage } from './gaad.js';
import { compactGroup, indexGroups } from './groups.js';
import { addPolicy, type HeldPolicy } from './managed-policies.js';
import type { AwsOptions } from './options.js';
import { transformRole } from './roles.js';
import { transformRoot } from './root.js';
import { SIGNING_CERTIFICATE_LIST } from './signing-certificates.js';
import { HeldServicesLastAccessed, ServiceLastAccessedReader } from './service-last-accessed.js';
import {
  ACCESS_KEYS,
  CREDENTIAL_REPORT,
  GAAD,
  ORGANIZATION_ACCOUNTS,
  SERVICE_LAST_ACCESSED,
  SIGNING_CERTIFICATES,
  SSH_KEYS,
} from './sources.js';
import { SSH_KEY_LIST } from './ssh-keys.js';
import { HeldUserCredentials, type UserCredentialList, UserCredentialReader } from './user-credential-lists.js';
import { type HeldUnusedAccess, readUnusedAccess } from './unused-access.js';
import { isHumanUser, missingUserElement, transformHumanUser, transformUser } from './users.js';

type Ctx = ScanContext<AwsOptions>;
/** A page's SSH keys and signing certificates (null: that source did not complete). */
type UserLists = Array<HeldUserCredentials<unknown> | null>;

/**
 * Full scan of one AWS account with the fewest IAM calls (docs/connectors/aws.md), one declared source at a time
 * (a member account of an organization, `assumeRole`, first gets its session: sts:AssumeRole, organization.ts):
 *   0. caller-identity: sts:GetCallerIdentity — a tenant id naming another account is refused before anything;
 *      then service-credentials and Access Analyzer's unused-access findings (account-wide, held by user/ARN);
 *   1. credential-report: GenerateCredentialReport + GetCredentialReport — password use, MFA, and every key's last
 *      use in one CSV. Optional: without it users are read without console-password facts (kept from the store).
 *   2. gaad (required): GetAccountAuthorizationDetails, 1000 items a page. One unfiltered page first: an account
 *      that fits in it is done in one call. Otherwise groups and managed policies (Filter=Group,LocalManagedPolicy,
 *      AWSManagedPolicy) are read and held in compact form (a policy's default-version grants, not its documents),
 *      then users and roles (Filter=User,Role) are streamed a page at a time, so memory does not grow with the
 *      account;
 *   3. access-keys, per page of users before they are emitted: ListAccessKeys only for users the report shows with a
 *      key (key ids exist nowhere else), GetAccessKeyLastUsed only for a key the report cannot be matched to;
 *   4. ssh-keys and signing-certificates, per page of users after their access keys: ListSSHPublicKeys for each user
 *      emitted as an NHI, ListSigningCertificates for those whose report row shows a certificate (or have no row).
 * Every record goes through `ctx.sources.emit`: one that cannot be read (a role whose trust policy is not URL-encoded
 * JSON, a user without UserName) is quarantined and the rest of the account continues.
 */
export async function scanAws(ctx: Ctx): Promise<ScanResult> {
  // A member account of an organization: every call is made with a session of its member role, which the tenant's
  // own (the management account's) credentials ask STS for.
  const role = ctx.options.assumeRole;
  const management = role ? createStsClient(ctx.options, ctx.metrics) : null;
  const session = role && management ? assumeRoleCredentials(management, role) : undefined;
  const sts = createStsClient(ctx.options, ctx.metrics, session);
  const client = createIamClient(ctx.options, ctx.metrics, session);
  const analyzer = createAccessAnalyzerClient(ctx.options, ctx.metrics, session);
  try {
    recordOrganizationListing(ctx);
    // Before any source: a refused AssumeRole fails the run naming the role, and nothing is read or swept.
    if (session) await session();
    await checkCallerAccount(sts, ctx);
    ctx.log.info(await scanAccount(client, analyzer, ctx));
    return { mode: 'full' };
  } finally {
    client.destroy();
    sts.destroy();
    analyzer.destroy();
    management?.destroy();
  }
}

/**
 * The organization-accounts source of this run: the management account's job carries the listing's outcome (the
 * engine recorded it); otherwise it is not read here, by design.
 */
function recordOrganizationListing(ctx: Ctx): void {
  if (ctx.sources.status(ORGANIZATION_ACCOUNTS) !== 'not-run') return;
  const { organization, assumeRole } = ctx.options;
  if (assumeRole)
    ctx.sources.switchedOff(ORGANIZATION_ACCOUNTS, "a member account, listed by its management account's run");
  else if (!organization) ctx.sources.switchedOff(ORGANIZATION_ACCOUNTS, 'option organization is not set');
  // organization set and no listing recorded: the tenant was not expanded (a direct runSync); it stays not-run.
}

/** Scans one account through an IAM client; returns the summary line. Exported for tests with a stub client. */
export async function scanAccount(client: IAMClient, analyzer: AccessAnalyzerClient, ctx: Ctx): Promise<string> {
  if (!ctx.options.userKeyLists)
    for (const source of [SSH_KEYS, SIGNING_CERTIFICATES])
      ctx.sources.switchedOff(source, 'option userKeyLists is off (one IAM call per NHI user)');
  if (!ctx.options.serviceLastAccessed)
    ctx.sources.switchedOff(
      SERVICE_LAST_ACCESSED,
      'option serviceLastAccessed is off (a job of at least two IAM calls per NHI user and role)',
    );
  const report = await readCredentialReport(client, ctx);
  // Before any user is emitted: they fill users' credentials.
  const serviceCredentials = await readServiceCredentials(client, ctx);
  const unusedAccess = await readUnusedAccess(analyzer, ctx);
  const scan = new AccountScan(client, ctx, report, serviceCredentials, unusedAccess);
  await scan.run();
  // Identities of their own, after the account check GAAD or the report made.
  await readOidcProviders(client, ctx);
  await readSamlProviders(client, ctx);
  return scan.summary();
}

/** The credential report, or null when it could not be read (the source's outcome says why). */
async function readCredentialReport(client: IAMClient, ctx: Ctx): Promise<HeldReport | null> {
  let report: HeldReport | null = null;
  const complete = await ctx.sources.read(CREDENTIAL_REPORT, async (signal) => {
    const held = await fetchCredentialReport(client, ctx, signal);
    ctx.sources.counted(CREDENTIAL_REPORT, held.rows.size);
    for (const row of held.malformed)
      await ctx.sources.emit(CREDENTIAL_REPORT, row, () => {
        throw new InvalidRecordError(`credential report row without ${row.user ? 'arn' : 'user'}`, row.user || null);
      });
    report = held;
  });
  return complete ? report : null;
}

/**
 * One account's scan once the credential report is held (or known unreadable). Each GAAD page is fetched in a read
 * of the gaad source, its users' keys in a read of access-keys, and its records emitted in a further read of gaad:
 * every read has its own deadline, and a record quarantined while emitting counts in its source's outcome.
 */
class AccountScan {
  private readonly policies = new Map<string, HeldPolicy>();
  private readonly counts = { users: 0, roles: 0, humanRoles: 0, unclassified: 0 };
  private readonly keys: AccessKeyReader;
  private readonly sshKeys: UserCredentialReader<unknown>;
  private readonly certificates: UserCredentialReader<unknown>;
  private readonly lastAccessed: ServiceLastAccessedReader;
  /** The current page's last-accessed facts: null when the source did not complete (or is switched off). */
  private pageLastAccessed: HeldServicesLastAccessed | null = null;
  private accountId: string | null;
  private transformContext: TransformContext | null = null;

  constructor(
    private readonly client: IAMClient,
    private readonly ctx: Ctx,
    private readonly report: HeldReport | null,
    private readonly serviceCredentials: HeldServiceCredentials | null = null,
    private readonly unusedAccess: HeldUnusedAccess | null = null,
  ) {
    this.keys = new AccessKeyReader(client, ctx.sources, ctx.options.concurrency);
    const lister = <T>(spec: UserCredentialList<T>) =>
      new UserCredentialReader(spec as UserCredentialList<unknown>, client, ctx.sources, ctx.options.concurrency);
    this.sshKeys = lister(SSH_KEY_LIST);
    this.certificates = lister(SIGNING_CERTIFICATE_LIST);
    this.lastAccessed = new ServiceLastAccessedReader(client, ctx.sources, ctx.options.concurrency);
    // The report's root row names the account: a wrong one is refused before anything is emitted.
    this.accountId = report?.root ? this.checkAccount(report.root.arn) : null;
  }

  async run(): Promise<void> {
    await this.emitRoot();
    if (!(await this.readWholeAccount())) await this.streamAccount();
  }

  /** The root user, from the report's `<root_account>` row when it shows an access key (a record of that source). */
  private async emitRoot(): Promise<void> {
    const root = this.report?.root;
    if (!root || root.keys.length === 0 || !this.accountId) return;
    const t = { ...this.baseContext(this.accountId), policies: new Map(), groups: indexGroups([]) };
    await this.ctx.sources.read(CREDENTIAL_REPORT, () =>
      this.ctx.sources.emit(CREDENTIAL_REPORT, root, () => transformRoot(root, t)),
    );
  }

  /** The unfiltered first page; when it holds the whole account (≤ 1000 items) it is all there is to read. */
  private async readWholeAccount(): Promise<boolean> {
    const first = await this.readPage(ALL, undefined);
    // Otherwise the page is dropped here: its users and roles come again under the User,Role filter.
    if (first.IsTruncated) return false;
    this.holdPolicies(first.Policies ?? []);
    const t = this.contextFor(this.heldGroups(first.GroupDetailList ?? []), first);
    await this.emitPrincipals(first.UserDetailList ?? [], first.RoleDetailList ?? [], t);
    return true;
  }

  /** Groups and managed policies held, then users and roles streamed a page at a time. */
  private async streamAccount(): Promise<void> {
    const read = (filter: EntityType[], marker: string | undefined) => this.readPage(filter, marker);
    const groups: GroupDetail[] = [];
    for await (const page of gaadPages(read, REFERENCED)) {
      groups.push(...this.heldGroups(page.GroupDetailList ?? []).map(compactGroup));
      this.holdPolicies(page.Policies ?? []);
    }
    for await (const page of gaadPages(read, PRINCIPALS)) {
      const t = this.contextFor(groups, page);
      await this.emitPrincipals(page.UserDetailList ?? [], page.RoleDetailList ?? [], t);
    }
  }

  /** One GAAD page, read as the gaad source (required: its failure ends the scan). */
  private async readPage(filter: EntityType[], marker: string | undefined): Promise<GaadPage> {
    let page: GaadPage | null = null;
    await this.ctx.sources.read(GAAD, async (signal) => {
      page = await gaadPage(this.client, this.ctx, filter, marker, signal);
    });
    if (!page) throw new Error('GetAccountAuthorizationDetails returned no page');
    return page;
  }

  summary(): string {
    const { users, roles, humanRoles, unclassified } = this.counts;
    const unknown = unclassified ? `, ${unclassified} users not classified (no credential report row or keys)` : '';
    return `${users} users, ${roles} roles (${humanRoles} SAML sign-in roles skipped), ${this.policies.size} managed policies${unknown}`;
  }

  /**
   * Groups as users need them. A group without its name cannot be found by its users: it is left out (with a
   * warning), and its users' permissions are marked stale (users.ts) instead of being read as "no grants".
   */
  private heldGroups(groups: GroupDetail[]): GroupDetail[] {
    const named = groups.filter((g) => typeof g.GroupName === 'string' && g.GroupName !== '');
    if (named.length < groups.length)
      this.ctx.log.warn(
        `${groups.length - named.length} IAM group(s) without GroupName; their members' permissions are kept as stored`,
      );
    this.ctx.sources.counted(GAAD, groups.length);
    return named;
  }

  private holdPolicies(policies: ManagedPolicyDetail[]): void {
    for (const p of policies)
      addPolicy(this.policies, p, (arn, error) =>
        this.ctx.log.warn(
          `policy ${arn}: unreadable document (${error.message}); the permissions it grants are kept as stored`,
        ),
      );
    this.ctx.sources.counted(GAAD, policies.length);
  }

  private checkAccount(arn: string | undefined): string {
    const accountId = accountIdOf(arn) ?? this.ctx.tenant;
    assertTenantAccount(this.ctx.tenant, accountId);
    return accountId;
  }

  private baseContext(accountId: string) {
    const { tenant, clock, options } = this.ctx;
    return { tenant, accountId, now: clock.now(), staleDays: options.staleDays };
  }

  /** The transform context, made once groups and policies are known. */
  private contextFor(groups: GroupDetail[], page: GaadPage): TransformContext {
    if (this.transformContext) return this.transformContext;
    this.accountId ??= this.checkAccount(page.UserDetailList?.[0]?.Arn ?? page.RoleDetailList?.[0]?.Arn);
    this.transformContext = {
      ...this.baseContext(this.accountId),
      policies: this.policies,
      groups: indexGroups(groups),
    };
    return this.transformContext;
  }

  /** One GAAD page's users (their keys read first, as the access-keys source) and roles, emitted as gaad records. */
  private async emitPrincipals(users: UserDetail[], roles: RoleDetail[], t: TransformContext): Promise<void> {
    const readable = await this.quarantineUnnamed(users);
    const resolved = await this.keysOf(readable);
    const lists = await this.userListsOf(readable, resolved);
    this.pageLastAccessed = await this.lastAccessedOf(readable, resolved, roles);
    await this.ctx.sources.read(GAAD, async () => {
      for (let j = 0; j < readable.length; j++) await this.emitUser(readable[j], resolved[j], lists, t);
      await this.emitRoles(roles, t);
    });
    if (this.ctx.signal.aborted) throw new Error('scan was cancelled');
  }

  /** Users without UserName, UserId or Arn are quarantined before anything is asked about them. */
  private async quarantineUnnamed(users: UserDetail[]): Promise<UserDetail[]> {
    const readable = users.filter((u) => !missingUserElement(u));
    if (readable.length === users.length) return readable;
    await this.ctx.sources.read(GAAD, async () => {
      for (const u of users) {
        const missing = missingUserElement(u);
        if (missing)
          await this.ctx.sources.emit(GAAD, u, () => {
            throw new InvalidRecordError(
              `AWS IAM user without ${missing} (GetAccountAuthorizationDetails)`,
              u.UserName ?? null,
            );
          });
      }
    });
    return readable;
  }

  /** The keys of a page of users, read as the access-keys source (always read, so its outcome covers every page). */
  private async keysOf(users: UserDetail[]): Promise<UserKeys[]> {
    const out: UserKeys[] = users.map((u) => ({ row: this.report?.rows.get(u.UserName!), keys: null, lastUse: [] }));
    await this.ctx.sources.read(ACCESS_KEYS, (signal) => this.keys.fill(users, out, signal));
    return out;
  }

  /**
   * The SSH keys and signing certificates of a page's users that are emitted as NHIs, each read as its source (always
   * read, so its outcome covers every page). A list is null when its source did not complete (the sink marks users'
   * fills stale). Certificates are asked only of users whose report row shows one, or that have no row.
   */
  private async userListsOf(users: UserDetail[], resolved: UserKeys[]): Promise<UserLists> {
    if (!this.ctx.options.userKeyLists) return [null, null];
    const nhis = this.nhiUsers(users, resolved);
    const withCertificates = nhis.filter(({ row }) => !row || row.certificates.length > 0);
    return [
      await this.readUserList(
        this.sshKeys,
        nhis.map((n) => n.name),
      ),
      await this.readUserList(
        this.certificates,
        withCertificates.map((n) => n.name),
      ),
    ];
  }

  private async readUserList(
    reader: UserCredentialReader<unknown>,
    names: string[],
  ): Promise<HeldUserCredentials<unknown> | null> {
    const held = new HeldUserCredentials(reader.spec);
    const complete = await this.ctx.sources.read(reader.spec.source, (signal) => reader.fill(names, held, signal));
    return complete ? held : null;
  }

  private async emitUser(
    u: UserDetail,
    { row, keys, lastUse }: UserKeys,
    lists: UserLists,
    t: TransformContext,
  ): Promise<void> {
    const { sources, sink, tenant } = this.ctx;
    this.counts.users++;
    if (this.unclassifiable(row, keys)) {
      // Person or NHI is unknown this run: neither is written; its sources' outcomes keep the stored record.
      this.counts.unclassified++;
      return sources.counted(GAAD);
    }
    if (isHumanUser(row, keys)) {
      // Through emit, so a user the person transform cannot read is quarantined like any record.
      const made: { person?: PersonInput } = {};
      await sources.emit(GAAD, u, () => {
        made.person = transformHumanUser(u, row, tenant);
        return null;
      });
      if (made.person) await sink.person(made.person);
      return;
    }
    await sources.emit(GAAD, u, () =>
      named(u.UserName, () => {
        const held = this.serviceCredentials;
        const userName = u.UserName!;
        // Access keys, then service-specific credentials; keys unreadable: the whole list is kept from the store.
        const credentials = keys
          ? [
              ...keys.map((k, n) => accessKeyCredential(tenant, k, lastUse[n])),
              ...(held?.credentialsOf(tenant, userName) ?? []),
              ...lists.flatMap((l) => l?.credentialsOf(tenant, userName) ?? []),
            ]
          : null;
        const identity = this.withAnalysis(transformUser(u, row, credentials, t));
        const stale = [...(held?.staleFor(userName) ?? []), ...lists.flatMap((l) => l?.staleFor(userName) ?? [])];
        // Keys unreadable: `enabled` comes from the report's key slots, which know nothing of an active service
        // credential, SSH key or signing certificate; such a user's `enabled` is kept from the store.
        if (!credentials && (held?.hasActive(userName) || lists.some((l) => l?.hasActive(userName))))
          stale.push({ field: 'enabled', source: ACCESS_KEYS });
        return stale.length ? { ...identity, stale: [...(identity.stale ?? []), ...stale] } : identity;
      }),
    );
  }

  /**
   * Whether a user cannot be classified: a console password without keys makes a person, so a user needs its report
   * row or its keys — and a keyless user needs the report (a user newer than a readable report is an NHI, as before).
   */
  /** The page's users that are emitted as NHIs, with their report rows. */
  private nhiUsers(users: UserDetail[], resolved: UserKeys[]) {
    return users.flatMap((u, j) => {
      const { row, keys } = resolved[j];
      return this.unclassifiable(row, keys) || isHumanUser(row, keys) ? [] : [{ name: u.UserName!, arn: u.Arn, row }];
    });
  }

  /**
   * Last-accessed jobs of the page's NHI users and of all its roles (the source is read on every page, so its outcome
   * covers them all); null when off or when the source did not complete (the engine keeps the stored facts).
   */
  private async lastAccessedOf(
    users: UserDetail[],
    resolved: UserKeys[],
    roles: RoleDetail[],
  ): Promise<HeldServicesLastAccessed | null> {
    if (!this.ctx.options.serviceLastAccessed) return null;
    const arns = [...this.nhiUsers(users, resolved).map((u) => u.arn), ...roles.map((r) => r.Arn)].filter(
      (arn): arn is string => typeof arn === 'string',
    );
    const held = new HeldServicesLastAccessed();
    const complete = await this.ctx.sources.read(SERVICE_LAST_ACCESSED, (signal) =>
      this.lastAccessed.fill(arns, held, signal),
    );
    return complete ? held : null;
  }

  private unclassifiable(row: UserKeys['row'], keys: UserKeys['keys']): boolean {
    if (row) return false;
    return keys === null || (keys.length === 0 && this.report === null);
  }

  /** Facts read by analyses (Access Analyzer findings, IAM last accessed), by the principal's ARN. */
  private withAnalysis(identity: IdentityInput): IdentityInput {
    const analysed = this.unusedAccess ? this.unusedAccess.annotate(identity) : identity;
    if (!this.ctx.options.serviceLastAccessed)
      return { ...analysed, attributes: { ...analysed.attributes, servicesLastAccessed: null } };
    return this.pageLastAccessed ? this.pageLastAccessed.annotate(analysed) : analysed;
  }

  private async emitRoles(roles: RoleDetail[], t: TransformContext): Promise<void> {
    for (const role of roles) {
      this.counts.roles++;
      let edges: EdgeInput[] = [];
      await this.ctx.sources.emit(GAAD, role, () =>
        named(role.RoleName, () => {
          const records = transformRole(role, t);
          if (!records.identity) this.counts.humanRoles++;
          edges = records.edges;
          return records.identity && this.withAnalysis(records.identity);
        }),
      );
      for (const e of edges) await this.ctx.sink.edge(e);
    }
  }
}

/** Runs a transform so that its failure is quarantined under the IAM name of the object (RoleName, UserName). */
function named<T>(name: string | undefined, transform: () => T): T {
  try {
    return transform();
  } catch (error) {
    throw new InvalidRecordError((error as Error).message ?? String(error), name ?? null);
  }
}

function accountIdOf(arn: string | undefined): string | null {
  return arn ? (/^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? null) : null;
}
