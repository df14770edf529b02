/**
 * The fewest vendor API calls a complete scan of an estate can make, per platform — the denominator of the
 * "API calls ≤ 1.05 × minimum" target. Each formula is Σ ceil(n / max page size) over the list endpoints, plus the
 * per-item calls the vendor API forces (data that exists on no list endpoint). Formulas are documented here and in
 * docs/scale.md; the counts come from the generated estate: the benchmark regenerates it in-process with the same
 * seed, size and "now" as `steward emulate` (deterministic), because the labels file (--write-labels) has the
 * identities but not the containers the vendor makes you page through (GitHub repositories, AWS groups and
 * policies, Entra users and grants); the labels file is still read to check both processes made the same estate.
 *
 * Page sizes are each vendor's documented maximum (GitHub per_page 100; Graph $top 999, delta pages server-driven
 * at 100 in the emulator; IAM MaxItems 1000), not what a connector happens to ask for.
 */
import type { Estate } from '../src/emulation/estate/index.js';
import { readLabelsFile } from '../src/emulation/estate/labels-file.js';
import type { GitHubEstateData } from '../src/platforms/github/estate/types.js';
import type { OktaEstateData } from '../src/platforms/okta/estate/types.js';
import type { SlackEstateData } from '../src/platforms/slack/estate/types.js';
import type { SalesforceEstateData } from '../src/platforms/salesforce/estate/types.js';
import { API_LOGIN_TYPES, INTEGRATION_LICENCE } from '../src/platforms/salesforce/estate/catalogue.js';
import type { EntraTenantData } from '../src/platforms/entra/estate/types.js';
import { MICROSOFT_TENANT_IDS } from '../src/platforms/entra/estate/types.js';
import type { AwsEstateData } from '../src/platforms/aws/estate/types.js';
import type { GoogleEstateData } from '../src/platforms/google/estate/types.js';
import type { GoogleCloudData } from '../src/platforms/google/estate/cloud-types.js';

export interface PlatformMinimum {
  platform: string;
  identities: number;
  /** Minimum calls of a full scan. */
  minimum: number;
  /** Minimum calls of a re-scan of the unchanged estate (delta where the vendor has it, else the full minimum). */
  rescanMinimum: number;
  formula: string;
  terms: Record<string, number>;
}

export interface MinimumCalls {
  total: number;
  rescanTotal: number;
  perPlatform: PlatformMinimum[];
  labelsChecked: { identities: number; matches: boolean };
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const sum = (terms: Record<string, number>) => Object.values(terms).reduce((a, b) => a + b, 0);

const FORMULAS: Record<string, string> = {
  github:
    'ceil(members/100) + ceil(installations/100) + distinct installed apps (GET /apps/{slug}: publisher facts exist only there) + ceil(credentialAuthorizations/100) + ' +
    'ceil(patGrants/100) + ceil(patRequests/100) + ceil(orgSecrets/100) + ceil(orgHooks/100) + ceil(dependabotOrgSecrets/100) + ceil(codespacesOrgSecrets/100) + ceil(runnerGroups/100) + 1 (org OIDC sub template) + ceil(open secret-scanning alerts/100) + ceil(repos/100) + ' +
    'Σ over repos of [max(1,ceil(keys/100)) + max(1,ceil(secrets/100)) + max(1,ceil(hooks/100)) + max(1,ceil(dependabotSecrets/100)) + max(1,ceil(environments/100)) + Σ over its environments of max(1,ceil(secrets/100)) + 1 (its OIDC sub template)] ' +
    '(deploy keys, secrets, hooks and environments are listed per repository only; the OIDC sub template is one GET per repository: ' +
    'GitHub has no org-wide list of which repositories opted out of the default). ' +
    'No delta API: a re-scan costs the same.',
  entra:
    '2 ($deltatoken=latest for applications and servicePrincipals) + ceil(users/100) (users delta, server-driven pages) + ceil(grants/100) (oauth2PermissionGrants delta) + ' +
    '2 × ceil(applications/100) ($expand=owners, and $select=id&$expand=federatedIdentityCredentials) + 2 × ceil(servicePrincipals/100) ($expand=owners, and $expand=appRoleAssignments) ' +
    '(Graph expands one relationship per request on directory objects, and serves at most 100 objects a page with $expand) + ceil(signInActivities/999) + ' +
    'ceil(roleDefinitions/100) + ceil(roleAssignments/100) (directory roles; Graph serves role management in pages of 100 without $top) + ' +
    'ceil(agentIdentities/100) (GET /servicePrincipals/microsoft.graph.agentIdentity with $expand=sponsors: 100 a page at most) + ' +
    'ceil(riskyServicePrincipals/100) (Identity Protection lists only the principals it rated; served 100 a page without $top) + ' +
    '(beta per-credential sign-ins only with option beta.credentialSignInActivity, off by default, so 0 in the bench) + ' +
    'objects whose expanded collection hits the 20-item cap (per-item list): applications and non-first-party service principals with ≥20 owners, non-first-party service principals with ≥20 app role assignments, applications with ≥20 federated credentials, agent identities with ≥20 sponsors. ' +
    'Re-scan of an unchanged tenant: 4 delta links (users, applications, servicePrincipals, grants), one page each.',
  aws:
    'per account: 1 (sts:GetCallerIdentity: the account check before anything) + 2 (GenerateCredentialReport + GetCredentialReport) + GetAccountAuthorizationDetails pages: 1 when the account fits one page ' +
    '(users + groups + roles + customer policies + attached AWS-managed policies ≤ 1000), else ceil((groups + customer policies + attached AWS-managed policies)/1000) ' +
    '(Filter=Group,LocalManagedPolicy,AWSManagedPolicy: held to resolve grants) + ceil((users + roles)/1000) (Filter=User,Role: streamed, so memory does not grow ' +
    'with the account) + users with ≥1 access key (ListAccessKeys: key ids are on no list endpoint) + max(1, ceil(service-specific credentials/1000)) ' +
    '(ListServiceSpecificCredentials AllUsers) + 1 + OIDC providers + 1 (ListOpenIDConnectProviders, GetOpenIDConnectProvider each, ListSAMLProviders) + ' +
    "1 (Access Analyzer ListAnalyzers type ACCOUNT_UNUSED_ACCESS) + max(1, ceil(ACTIVE unused-access findings/100)) when the account has an ACTIVE such analyzer (ListFindingsV2 status ACTIVE; 100 is the emulator's page, Access Analyzer documents no default) + " +
    'only with the option userKeyLists (off by default, so 0 in the bench): NHI users (ListSSHPublicKeys each) + NHI users the credential report shows with a signing certificate (ListSigningCertificates each) + ' +
    'only with the option serviceLastAccessed (off by default, so 0 in the bench): 2 × (NHI users + roles) (GenerateServiceLastAccessedDetails + one GetServiceLastAccessedDetails per principal: a job completed at the first poll, its allowed services within one page of 100). The connector spends one more GAAD call on a large account ' +
    '(the unfiltered first page that tells it the account does not fit). No IAM delta API: a re-scan costs the same.',
  okta:
    'ceil(users not DEPROVISIONED/200) + ceil(DEPROVISIONED users/200) (Okta lists deprovisioned users only when asked) + ceil(apps/200) + ' +
    '4 per OIDC app (client secrets, JWKs, scope grants, client roles) + 1 (GET /api/v1/api-tokens, unpaged) + distinct token creators (their admin roles) + ' +
    'ceil(API service integrations/20) + 1 per integration (its secrets) + ceil(client token-grant events in the System Log window/1000) + ' +
    'ceil(events carrying an API token id in the window/1000) (two bounded System Log queries). No delta API for the lists; ' +
    'a re-scan reads the System Log only since the previous scan (one page per query).',
  slack:
    '1 (auth.test: the token, and Enterprise Grid or not) + ceil(users.list members incl. bot users and Slackbot/200) (Slack recommends pages of at most 200) + ' +
    'ceil(app_installed audit entries/9999) (GET /audit/v1/logs?action=app_installed, plain fetch: the Audit Logs API has no SDK wrapper) + ' +
    'bot users (bots.info each: app_id, deleted, updated are on no list) + ceil(approved apps/1000) + ceil(restricted apps/1000) + ceil(pending app requests/1000) ' +
    '(admin.apps.*.list allow limit 1000; Enterprise Grid, as the estate is). No delta API: a re-scan costs the same.',
  salesforce:
    'SOQL pages of 2,000 (the default batch): ceil(standard users/2000) + ceil(LoginHistory rows in the 180-day window/2000) + ' +
    'Σ over chunks of 200 integration users (AssigneeId IN (…), the URL-length bound) of max(1, ceil(assignments/2000)) + ' +
    "ceil(connected apps' AppMenuItem rows/2000) + " +
    'OauthToken in keyset windows of 2,000 rows (one query returns at most 2,500 rows, 500 a page): Σ over windows of ceil(rows/500), ' +
    'a full window followed by one starting at its last CreatedDate (that row read again) + ceil(connected apps/2000) + ' +
    'ceil(named credentials/2000). ' +
    'No delta API: a re-scan costs the same.',
  google:
    'Workspace: ceil(users/500) (users.list) + users (tokens.list per user: unpaged, and no API lists tokens across users) + ' +
    'ceil(token events in the 180-day Reports window/1000) + ceil(AUTHORIZE_API_CLIENT_ACCESS events/1000) + ceil(REMOVE_API_CLIENT_ACCESS events/1000) ' +
    '(activities.list, one query per event name: domain-wide delegation has no list API). ' +
    'Cloud: ceil(projects/1000) (projects.search) + per project: 1 getIamPolicy + ceil(service accounts/100) + ' +
    'ceil(account activities/1000) + ceil(key activities/1000) (Policy Analyzer, two activity types) + ceil(pools/1000) + ' +
    'one keys.list per service account (unpaged; no API lists keys across accounts) + ceil(providers/100) per pool. ' +
    'No delta for the Directory lists; a re-scan reads the Reports only from the stored cursor ' +
    'minus the overlap (one page per query).',
};

function okta(data: OktaEstateData, now: string): Record<string, number> {
  const deprovisioned = data.users.filter((u) => u.status === 'DEPROVISIONED').length;
  const until = Date.parse(now);
  const since = until - data.logRetentionDays * 86_400_000;
  const inWindow = data.logs.filter((e) => Date.parse(e.published) >= since && Date.parse(e.published) < until);
  return {
    users: pages(data.users.length - deprovisioned, 200),
    deprovisionedUsers: pages(deprovisioned, 200),
    apps: pages(data.apps.length, 200),
    oidcAppParts: 4 * data.apps.filter((a) => a.signOnMode === 'OPENID_CONNECT').length,
    apiTokens: 1,
    tokenCreatorRoles: new Set(data.apiTokens.map((t) => t.userId)).size,
    apiServices: pages(data.apiServices.length, 20) + data.apiServices.length,
    clientUsageEvents: pages(
      inWindow.filter((e) => e.clientId && e.eventType.includes('token.grant.access_token')).length,
      1000,
    ),
    tokenUsageEvents: pages(inWindow.filter((e) => e.apiTokenId).length, 1000),
  };
}

function slack(data: SlackEstateData): Record<string, number> {
  return {
    authTest: 1,
    users: pages(data.users.length, 200),
    auditInstalls: pages(data.auditLogs.filter((e) => e.action === 'app_installed').length, 9999),
    botsInfo: data.users.filter((u) => u.is_bot && u.profile.bot_id).length,
    approvedApps: pages(data.approvedApps.length, 1000),
    restrictedApps: pages(data.restrictedApps.length, 1000),
    appRequests: pages(data.requests.length, 1000),
  };
}

/** Queries a keyset walk over `rows` OAuth tokens makes, and their pages: each full window restarts at its last row. */
function oauthTokenPages(rows: number, window = 2000, batch = 500): number {
  let read = Math.min(rows, window);
  let left = rows - read;
  let total = pages(read, batch);
  while (read === window) {
    read = Math.min(left + 1, window);
    left -= read - 1;
    total += pages(read, batch);
  }
  return total;
}

function salesforce(data: SalesforceEstateData, now: string): Record<string, number> {
  const since = Date.parse(now) - 180 * 86_400_000;
  const logins = data.tables.LoginHistory.filter((l) => Date.parse(String(l.LoginTime).replace('+0000', 'Z')) >= since);
  const ways = new Map<string, { api: number; other: number }>();
  for (const l of logins.filter((x) => x.Status === 'Success')) {
    const w = ways.get(String(l.UserId)) ?? { api: 0, other: 0 };
    if (API_LOGIN_TYPES.includes(String(l.LoginType))) w.api++;
    else w.other++;
    ways.set(String(l.UserId), w);
  }
  const standard = data.tables.User.filter((u) => u.UserType === 'Standard').sort((a, b) =>
    String(a.Id) < String(b.Id) ? -1 : 1,
  );
  const chosen = standard.filter((u) => {
    const p = u.Profile as { PermissionsApiUserOnly?: boolean; UserLicense?: { Name?: string } } | null;
    const w = ways.get(String(u.Id));
    return (
      p?.PermissionsApiUserOnly === true ||
      p?.UserLicense?.Name === INTEGRATION_LICENCE ||
      (!!w && w.api > 0 && w.other === 0)
    );
  });
  const assignments = new Map<string, number>();
  for (const a of data.tables.PermissionSetAssignment)
    assignments.set(String(a.AssigneeId), (assignments.get(String(a.AssigneeId)) ?? 0) + 1);
  let assignmentPages = 0;
  for (let i = 0; i < chosen.length; i += 200)
    assignmentPages += pages(
      chosen.slice(i, i + 200).reduce((n, u) => n + (assignments.get(String(u.Id)) ?? 0), 0),
      2000,
    );
  return {
    users: pages(standard.length, 2000),
    loginHistory: pages(logins.length, 2000),
    permissionAssignments: assignmentPages,
    appMenuItems: pages(data.tables.AppMenuItem.filter((m) => m.Type === 'ConnectedApplication').length, 2000),
    oauthTokens: oauthTokenPages(data.tables.OauthToken.length),
    connectedApps: pages(data.tables.ConnectedApplication.length, 2000),
    namedCredentials: pages(data.tables.NamedCredential.length, 2000),
  };
}

function github(data: GitHubEstateData): Record<string, number> {
  const installedApps = new Set(
    data.installations.map((i) => (i as { app_slug?: string }).app_slug ?? String((i as { app_id?: number }).app_id)),
  );
  let perRepo = 0;
  for (const r of data.repos) {
    perRepo += pages(r.keys.length, 100) + pages(r.secrets.length, 100) + pages(r.hooks.length, 100);
    perRepo += pages(r.dependabotSecrets.length, 100) + pages(r.environments.length, 100);
    for (const e of r.environments) perRepo += pages(e.secrets.length, 100);
    perRepo += 1; // GET /repos/{owner}/{repo}/actions/oidc/customization/sub
  }
  return {
    members: pages(data.members.length, 100),
    installations: pages(data.installations.length, 100),
    apps: installedApps.size,
    credentialAuthorizations: pages(data.credentialAuthorizations.length, 100),
    patGrants: pages(data.patGrants.length, 100),
    patRequests: pages(data.patRequests.length, 100),
    orgSecrets: pages(data.orgSecrets.length, 100),
    orgHooks: pages(data.orgHooks.length, 100),
    dependabotOrgSecrets: pages(data.dependabotOrgSecrets.length, 100),
    codespacesOrgSecrets: pages(data.codespacesOrgSecrets.length, 100),
    runnerGroups: pages(data.runnerGroups.length, 100),
    oidcOrgSubTemplate: 1,
    secretScanningAlerts: pages((data.secretScanningAlerts ?? []).filter((a) => a.state === 'open').length, 100),
    repos: pages(data.repos.length, 100),
    perRepository: perRepo,
  };
}

function entra(data: EntraTenantData): Record<string, number> {
  const microsoft = new Set<string>(MICROSOFT_TENANT_IDS.map((t) => t.toLowerCase()));
  // Managed identities are NHIs even though Microsoft's tenant owns their app; other Microsoft-owned SPs are resources
  // (listed, but the connector builds no identity for them, so their capped collections are never listed per item).
  const built = new Set(
    data.servicePrincipals
      .filter(
        (sp) =>
          sp.servicePrincipalType === 'ManagedIdentity' ||
          !microsoft.has(String(sp.appOwnerOrganizationId ?? '').toLowerCase()),
      )
      .map((sp) => sp.id),
  );
  for (const a of data.applications) built.add(a.id);
  const CAP = 20;
  const ownersCapped = Object.entries(data.owners).filter(([id, o]) => built.has(id) && o.length >= CAP).length;
  const assignmentsHeld = new Map<string, number>();
  for (const a of data.appRoleAssignments)
    assignmentsHeld.set(a.principalId, (assignmentsHeld.get(a.principalId) ?? 0) + 1);
  const assignmentsCapped = [...assignmentsHeld].filter(([id, n]) => built.has(id) && n >= CAP).length;
  const ficsCapped = Object.values(data.federatedIdentityCredentials).filter((f) => f.length >= CAP).length;
  const agents = data.servicePrincipals.filter((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity');
  const sponsorsCapped = agents.filter((a) => (data.sponsors?.[a.id] ?? []).length >= CAP).length;
  return {
    deltaLatest: 2,
    usersDelta: pages(data.users.length, 100),
    grantsDelta: pages(data.oauth2PermissionGrants.length, 100),
    applicationsWithOwners: pages(data.applications.length, 100),
    applicationsWithFederatedCredentials: pages(data.applications.length, 100),
    servicePrincipalsWithOwners: pages(data.servicePrincipals.length, 100),
    servicePrincipalsWithAppRoleAssignments: pages(data.servicePrincipals.length, 100),
    signInActivities: pages(data.signInActivities.length, 999),
    roleDefinitions: pages(data.roleDefinitions.length, 100),
    roleAssignments: pages(data.roleAssignments.length, 100),
    agentIdentities: pages(agents.length, 100),
    riskyServicePrincipals: pages((data.riskyServicePrincipals ?? []).length, 100),
    ownersBeyondExpand: ownersCapped,
    appRoleAssignmentsBeyondExpand: assignmentsCapped,
    federatedCredentialsBeyondExpand: ficsCapped,
    sponsorsBeyondExpand: sponsorsCapped,
  };
}

function aws(data: AwsEstateData): Record<string, number> {
  const managed = new Set(data.awsManagedPolicies.map((p) => p.arn));
  let report = 0;
  let gaad = 0;
  let listKeys = 0;
  let serviceCredentials = 0;
  let providers = 0;
  let userKeyLists = 0;
  let accessAnalyzer = 0;
  let lastAccessed = 0;
  for (const a of data.accounts) {
    const attached = new Set<string>();
    for (const x of [...a.users, ...a.groups, ...a.roles])
      for (const arn of x.attachedPolicyArns) if (managed.has(arn)) attached.add(arn);
    report += 2;
    const referenced = a.groups.length + a.policies.length + attached.size;
    const principals = a.users.length + a.roles.length;
    // One page when everything fits; else the two filter groups a streaming scan is forced into, each paged on its own.
    gaad += referenced + principals <= 1000 ? 1 : pages(referenced, 1000) + pages(principals, 1000);
    listKeys += a.users.filter((u) => u.accessKeys.length > 0).length;
    serviceCredentials += pages(
      a.users.reduce((n, u) => n + u.serviceCredentials.length, 0),
      1000,
    );
    providers += 1 + a.oidcProviders.length + 1;
    const analyzer = a.unusedAccessAnalyzer?.status === 'ACTIVE' ? a.unusedAccessAnalyzer : null;
    const activeFindings = analyzer?.findings.filter((f) => f.status === 'ACTIVE').length ?? 0;
    accessAnalyzer += 1 + (analyzer ? pages(activeFindings, 100) : 0);
    // The emulated tenants carry the estate's userKeyLists option: one call per NHI user, and per certificate holder.
    const nhiUsers = a.users.filter((u) => u.password === null || u.accessKeys.length > 0);
    if (data.userKeyLists)
      userKeyLists += nhiUsers.length + nhiUsers.filter((u) => u.signingCertificates.length).length;
    // serviceLastAccessed: a job (Generate + Get) per NHI user and per role.
    if (data.serviceLastAccessed) lastAccessed += 2 * (nhiUsers.length + a.roles.length);
  }
  return {
    getCallerIdentity: data.accounts.length,
    credentialReport: report,
    getAccountAuthorizationDetails: gaad,
    listAccessKeys: listKeys,
    listServiceSpecificCredentials: serviceCredentials,
    identityProviders: providers,
    listSSHPublicKeysAndSigningCertificates: userKeyLists,
    accessAnalyzer,
    serviceLastAccessedJobs: lastAccessed,
  };
}

/** GCP PART: the Cloud calls of a complete scan (projects, service accounts, keys, IAM policies, Policy Analyzer, pools). */
function googleCloud(cloud: GoogleCloudData): Record<string, number> {
  const each = <T>(items: T[], calls: (item: T) => number) => items.reduce((n, item) => n + calls(item), 0);
  const projects = cloud.projects.map((p) => p.projectId as string);
  return {
    cloudProjects: pages(projects.length, 1000),
    cloudIamPolicies: projects.length,
    cloudLastAuthentication: each(
      projects,
      (id) =>
        pages(cloud.activities[id]?.serviceAccountLastAuthentication?.length ?? 0, 1000) +
        pages(cloud.activities[id]?.serviceAccountKeyLastAuthentication?.length ?? 0, 1000),
    ),
    cloudServiceAccounts: each(projects, (id) => pages(cloud.serviceAccounts[id]?.length ?? 0, 100)),
    cloudKeys: each(projects, (id) => cloud.serviceAccounts[id]?.length ?? 0),
    cloudPools: each(projects, (id) => pages(cloud.pools[id]?.length ?? 0, 1000)),
    cloudProviders: each(Object.values(cloud.pools).flat(), (pool) =>
      pages(cloud.providers[pool.name as string]?.length ?? 0, 100),
    ),
  };
}

function google(data: GoogleEstateData, now: string): Record<string, number> {
  const since = Date.parse(now) - 180 * 86_400_000;
  const inWindow = (t: string | null | undefined) => Date.parse(String(t)) >= since;
  const adminNamed = (name: string) =>
    data.adminEvents.filter((a) => inWindow(a.id?.time) && a.events?.some((e) => e.name === name)).length;
  return {
    users: pages(data.users.length, 500),
    tokensPerUser: data.users.length,
    tokenEvents: pages(data.tokenEvents.filter((a) => inWindow(a.id?.time)).length, 1000),
    delegationAuthorized: pages(adminNamed('AUTHORIZE_API_CLIENT_ACCESS'), 1000),
    delegationRemoved: pages(adminNamed('REMOVE_API_CLIENT_ACCESS'), 1000),
    ...googleCloud(data.cloud),
  };
}

const RESCAN_WITH_DELTA: Record<string, (terms: Record<string, number>) => number> = {
  entra: () => 4,
  okta: (terms) => sum(terms) - terms.clientUsageEvents - terms.tokenUsageEvents + 2,
  google: (terms) => sum(terms) - terms.tokenEvents - terms.delegationAuthorized - terms.delegationRemoved + 3,
};

/** Minimum calls for an estate; `labelsFile` (from `steward emulate --write-labels`) is checked against it. */
export async function minimumCalls(estate: Estate, labelsFile?: string): Promise<MinimumCalls> {
  const perPlatform: PlatformMinimum[] = [];
  const counts = new Map<string, number>();
  for (const l of estate.labels.identities) counts.set(l.platform, (counts.get(l.platform) ?? 0) + 1);
  for (const [platform, data] of Object.entries(estate.platforms)) {
    let terms: Record<string, number>;
    if (platform === 'github') terms = github(data as GitHubEstateData);
    else if (platform === 'entra') terms = entra(data as EntraTenantData);
    else if (platform === 'aws') terms = aws(data as AwsEstateData);
    else if (platform === 'okta') terms = okta(data as OktaEstateData, estate.now);
    else if (platform === 'slack') terms = slack(data as SlackEstateData);
    else if (platform === 'salesforce') terms = salesforce(data as SalesforceEstateData, estate.now);
    else if (platform === 'google') terms = google(data as GoogleEstateData, estate.now);
    else {
      // A platform without a formula yet: one page of 100 per 100 identities (a lower bound, flagged as such).
      terms = { genericPages: pages(counts.get(platform) ?? 0, 100) };
    }
    const minimum = sum(terms);
    perPlatform.push({
      platform,
      identities: counts.get(platform) ?? 0,
      minimum,
      rescanMinimum: RESCAN_WITH_DELTA[platform]?.(terms) ?? minimum,
      formula: FORMULAS[platform] ?? 'no formula yet: ceil(identities/100) as a lower bound',
      terms,
    });
  }
  let labelled = 0;
  let matches = true;
  if (labelsFile) {
    let n = 0;
    await readLabelsFile(labelsFile, {
      identity: (i) => {
        if (estate.labels.identities[n]?.id !== i.id) matches = false;
        n++;
      },
    });
    labelled = n;
    if (n !== estate.labels.identities.length) matches = false;
  }
  return {
    total: perPlatform.reduce((a, p) => a + p.minimum, 0),
    rescanTotal: perPlatform.reduce((a, p) => a + p.rescanMinimum, 0),
    perPlatform,
    labelsChecked: { identities: labelled, matches },
  };
}
