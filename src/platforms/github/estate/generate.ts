import type { CredentialType, IdentityKind, OwnerSource } from '../../../model/index.js';
import { DAY_MS } from '../../../lib/clock.js';
import {
  appPermissionAccess,
  classicScopeAccess,
  deployKeyAccess,
  ORG_WIDE_SENSITIVE_KEYS,
  webhookEventAccess,
} from '../connector/permission-map.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import type { OrgPerson } from '../../../emulation/estate/org.js';
import type { Random } from '../../../emulation/estate/random.js';
import type { PlatformGenerateContext, PlatformGenerator } from '../../../emulation/estate/generator.js';
import { type CredentialFacts, type IdentityFacts, type PermissionFacts, toLabel } from './oracle.js';
import type {
  GhAppData,
  GhCredentialAuthorizationData,
  GhHookData,
  GhInstallationData,
  GhMemberData,
  GhOrgSecretData,
  GhPatGrantData,
  GhPatPermissionsData,
  GhPatRequestData,
  GhRepoData,
  GhUserStub,
  GitHubEstateData,
} from './types.js';

export type { GitHubEstateData } from './types.js';

/**
 * GitHub organization generator. One org (tenant = `<org>-corp`), its members, repositories and every NHI source
 * the GitHub connector reads. Labels are computed from the served data by the oracle in ./github/oracle.ts.
 *
 * Membership policy (documented in docs/connectors/github.md): active people are all members; about half of the
 * departed people were never removed from the GitHub org (offboarding gap) and keep their PATs, SSH keys, OAuth
 * tokens and fine-grained PAT grants; the others were removed, which (as on GitHub) also removed their SSO
 * credential authorizations and PAT grants — but deploy keys they added stay, still naming them in added_by.
 */

const TYPE_ORDER = [
  'installation',
  'deploy_key',
  'pat_grant',
  'repo_secret',
  'org_hook',
  'cred_pat',
  'repo_hook',
  'org_secret',
  'cred_ssh',
  'cred_oauth',
  'pat_request',
] as const;
type NhiType = (typeof TYPE_ORDER)[number];
const SHARE: Record<NhiType, number> = {
  installation: 0.04,
  deploy_key: 0.24,
  pat_grant: 0.08,
  repo_secret: 0.28,
  org_hook: 0.01,
  cred_pat: 0.09,
  repo_hook: 0.12,
  org_secret: 0.03,
  cred_ssh: 0.05,
  cred_oauth: 0.04,
  pat_request: 0.02,
};
const MIN: Record<NhiType, number> = {
  installation: 2,
  deploy_key: 1,
  pat_grant: 1,
  repo_secret: 1,
  org_hook: 1,
  cred_pat: 1,
  repo_hook: 1,
  org_secret: 1,
  cred_ssh: 1,
  cred_oauth: 1,
  pat_request: 1,
};

/** How many NHIs of each type: proportional shares, minimums first (in priority order) while the budget allows. */
export function allocate(total: number): Record<NhiType, number> {
  const out = Object.fromEntries(TYPE_ORDER.map((t) => [t, 0])) as Record<NhiType, number>;
  let left = total;
  // App installations do not scale with the estate the way keys and secrets do: ~42 apps per tenant, a few hundred at most.
  const installationCap = Math.max(MIN.installation, Math.round(40 + total / 2000));
  for (const t of TYPE_ORDER) {
    const m = Math.min(MIN[t], left);
    out[t] = m;
    left -= m;
  }
  if (left <= 0) return out;
  const base = left;
  for (const t of TYPE_ORDER) {
    let add = Math.floor(base * SHARE[t]);
    if (t === 'installation') add = Math.max(0, Math.min(add, installationCap - out[t]));
    out[t] += add;
    left -= add;
  }
  // Remainder to the repo-scoped types (the bulk of any real org).
  const sinks: NhiType[] = ['repo_secret', 'deploy_key', 'repo_hook'];
  for (let i = 0; left > 0; i++, left--) out[sinks[i % sinks.length]]++;
  return out;
}

const REPO_A = [
  'api',
  'web',
  'billing',
  'auth',
  'search',
  'payments',
  'infra',
  'data',
  'mobile',
  'ledger',
  'gateway',
  'notifications',
  'catalog',
  'orders',
  'identity',
  'analytics',
  'docs',
  'platform',
  'ml',
  'edge',
];
const REPO_B = [
  'service',
  'frontend',
  'worker',
  'terraform',
  'charts',
  'pipeline',
  'sdk',
  'cli',
  'lib',
  'config',
  'jobs',
  'proxy',
  'app',
  'tools',
  'site',
  'etl',
];
const LANGS = ['TypeScript', 'Go', 'Python', 'Java', 'HCL', 'Ruby', 'Kotlin', 'Rust', null];
const KEY_TITLES = [
  'argo-cd',
  'deploy',
  'ci',
  'jenkins',
  'flux',
  'backup',
  'terraform-cloud',
  'buildkite',
  'staging-deploy',
  'prod-deploy',
  'mirror-sync',
  'ansible',
  'netlify',
  'docs-publisher',
  'release-bot',
];
const SECRET_NAMES = [
  'NPM_TOKEN',
  'DOCKERHUB_TOKEN',
  'SLACK_WEBHOOK_URL',
  'SONAR_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'GCP_SA_KEY',
  'PYPI_API_TOKEN',
  'CODECOV_TOKEN',
  'SENTRY_AUTH_TOKEN',
  'DATADOG_API_KEY',
  'GH_PAT',
  'DEPLOY_KEY',
  'KUBECONFIG',
  'SNYK_TOKEN',
  'VAULT_TOKEN',
  'TF_API_TOKEN',
  'CLOUDFLARE_API_TOKEN',
  'STRIPE_SECRET_KEY',
  'DATABASE_URL',
];
const HOOK_HOSTS = [
  'ci.acme-internal.test',
  'hooks.slack.test',
  'jenkins.acme-internal.test',
  'events.pagerduty.test',
  'api.linear.test',
  'hooks.zapier.test',
  'webhooks.datadog.test',
  'smee.io',
  'deploy.acme-internal.test',
  'audit-sink.acme-internal.test',
];
const HOOK_EVENT_SETS: string[][] = [
  ['push'],
  ['push', 'pull_request'],
  ['pull_request', 'pull_request_review'],
  ['*'],
  ['issues', 'issue_comment'],
  ['release'],
  ['workflow_run'],
  ['deployment', 'deployment_status'],
  ['member', 'organization', 'repository'],
  ['check_run', 'check_suite', 'status'],
];
const TOKEN_NAMES = [
  'release-script',
  'terraform',
  'renovate-local',
  'backup-job',
  'ci-bot',
  'migration',
  'gh-cli',
  'dashboard-sync',
  'jira-sync',
  'codeowners-check',
  'metrics-export',
  'local-dev',
  'deploy',
  'dependabot-alerts-export',
];
const NOTES = [
  'deploy bot',
  'ci',
  'local dev',
  'terraform',
  'backup',
  'automation',
  'release',
  'homebrew',
  'vscode',
  'gh cli',
  'scripts',
  'jenkins',
];
const SCOPE_SETS: string[][] = [
  ['repo'],
  ['repo', 'read:org'],
  ['repo', 'workflow'],
  ['read:packages'],
  ['repo', 'read:org', 'workflow', 'write:packages'],
  ['public_repo'],
  ['repo', 'admin:org'],
  ['repo', 'admin:repo_hook', 'delete_repo'],
  ['read:org', 'read:user'],
  ['notifications', 'gist'],
  ['repo', 'admin:org', 'admin:org_hook', 'workflow'],
  ['read:audit_log'],
];
const OAUTH_SCOPE_SETS: string[][] = [
  ['repo', 'read:org', 'user:email'],
  ['read:user', 'user:email'],
  ['repo'],
  ['read:org'],
  ['repo', 'workflow', 'admin:repo_hook'],
  ['gist'],
];

interface AppArchetype {
  kind: string;
  permissions: Record<string, string>;
  events: string[];
}
const ARCHETYPES: AppArchetype[] = [
  {
    kind: 'ci',
    permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'write', statuses: 'write' },
    events: ['push', 'pull_request', 'check_suite'],
  },
  {
    kind: 'security',
    permissions: { contents: 'read', metadata: 'read', security_events: 'write', vulnerability_alerts: 'read' },
    events: ['push', 'repository'],
  },
  {
    kind: 'deploy',
    permissions: {
      contents: 'write',
      deployments: 'write',
      metadata: 'read',
      workflows: 'write',
      environments: 'read',
    },
    events: ['push', 'deployment', 'workflow_run'],
  },
  {
    kind: 'chatops',
    permissions: { issues: 'write', metadata: 'read', pull_requests: 'read' },
    events: ['issues', 'issue_comment', 'pull_request'],
  },
  {
    kind: 'deps',
    permissions: { contents: 'write', metadata: 'read', pull_requests: 'write', workflows: 'write', checks: 'read' },
    events: ['push', 'pull_request'],
  },
  {
    kind: 'backup',
    permissions: { administration: 'read', contents: 'read', issues: 'read', metadata: 'read', pull_requests: 'read' },
    events: [],
  },
  {
    kind: 'governance',
    permissions: { administration: 'write', members: 'write', metadata: 'read', organization_administration: 'write' },
    events: ['member', 'organization', 'repository'],
  },
  {
    kind: 'secrets-sync',
    permissions: { metadata: 'read', secrets: 'write', organization_secrets: 'write', environments: 'write' },
    events: [],
  },
  { kind: 'docs', permissions: { contents: 'read', metadata: 'read', pages: 'write' }, events: ['push'] },
];
const ARCHETYPE_WEIGHTS: Array<readonly [number, number]> = [
  [0, 22],
  [1, 14],
  [2, 10],
  [3, 16],
  [4, 10],
  [5, 6],
  [6, 4],
  [7, 5],
  [8, 13],
];
const VENDORS: Array<{
  slug: string;
  name: string;
  owner: string;
  archetype: number;
  ownerType: 'Organization' | 'User';
}> = [
  { slug: 'allstar-policy', name: 'Allstar', owner: 'ossf', archetype: 6, ownerType: 'Organization' },
  { slug: 'actions-secret-sync', name: 'Actions Secret Sync', owner: 'ops-hacker', archetype: 7, ownerType: 'User' },
  { slug: 'circleci-checks', name: 'CircleCI Checks', owner: 'circleci', archetype: 0, ownerType: 'Organization' },
  { slug: 'snyk-security', name: 'Snyk Security', owner: 'snyk', archetype: 1, ownerType: 'Organization' },
  { slug: 'slack', name: 'Slack', owner: 'integrations', archetype: 3, ownerType: 'Organization' },
  { slug: 'renovate', name: 'Renovate', owner: 'mend', archetype: 4, ownerType: 'Organization' },
  { slug: 'codecov', name: 'Codecov', owner: 'codecov', archetype: 0, ownerType: 'Organization' },
  { slug: 'linear', name: 'Linear', owner: 'linear', archetype: 3, ownerType: 'Organization' },
  { slug: 'vercel', name: 'Vercel', owner: 'vercel', archetype: 2, ownerType: 'Organization' },
  { slug: 'backhub', name: 'BackHub', owner: 'backhub-io', archetype: 5, ownerType: 'Organization' },
  { slug: 'sonarcloud', name: 'SonarCloud', owner: 'SonarSource', archetype: 1, ownerType: 'Organization' },
  { slug: 'netlify', name: 'Netlify', owner: 'netlify', archetype: 8, ownerType: 'Organization' },
  { slug: 'doppler-sync', name: 'Doppler Secrets Sync', owner: 'DopplerHQ', archetype: 7, ownerType: 'Organization' },
  { slug: 'pr-auto-merger', name: 'PR Auto Merger', owner: 'kmiller-dev', archetype: 4, ownerType: 'User' },
  { slug: 'repo-settings-bot', name: 'Repo Settings Bot', owner: 'jdoe42', archetype: 6, ownerType: 'User' },
  { slug: 'standup-reporter', name: 'Standup Reporter', owner: 'tinkerer-ai', archetype: 3, ownerType: 'User' },
];

interface Ctx {
  rng: Random;
  now: Date;
  org: string;
  labels: IdentityLabel[];
  nowIso: string;
}

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');
function ed25519Key(rng: Random): string {
  // Real OpenSSH ed25519 blob layout: string "ssh-ed25519" + string(32-byte key).
  const header = [0, 0, 0, 11, ...Buffer.from('ssh-ed25519'), 0, 0, 0, 32];
  const key = Array.from({ length: 32 }, () => rng.int(0, 255));
  return `ssh-ed25519 ${b64([...header, ...key])}`;
}

/** A date `days` before now, never before `floor` (ISO, whole seconds). */
function between(rng: Random, now: Date, fromDaysAgo: number, toDaysAgo: number): string {
  const d = toDaysAgo + rng.next() * Math.max(0, fromDaysAgo - toDaysAgo);
  return rng.daysAgo(now, d);
}
const daysSince = (iso: string, now: Date) => (now.getTime() - Date.parse(iso)) / DAY_MS;
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString().replace('.000Z', 'Z');

function safeUrl(raw: string): string {
  const u = new URL(raw);
  const path =
    u.pathname === '/'
      ? ''
      : u.pathname
          .split('/')
          .map((s) => (s.length >= 16 ? '****' : s))
          .join('/');
  return `${u.protocol}//${u.host}${path}`;
}

function appPerms(perms: Record<string, string>): PermissionFacts[] {
  return Object.entries(perms).map(([k, v]) => ({ nativeName: `${k}:${v}`, ...appPermissionAccess(k, v) }));
}
function patPerms(p: GhPatPermissionsData): PermissionFacts[] {
  return [...appPerms(p.organization ?? {}), ...appPerms(p.repository ?? {}), ...appPerms(p.other ?? {})];
}

export const githubGenerator: PlatformGenerator<GitHubEstateData> = {
  platform: 'github',
  weight: 40,
  generate({ org: company, rng, count, now }: PlatformGenerateContext) {
    const orgLogin = `${company.name}-corp`;
    const orgId = 9_912_345;
    const nowIso = now.toISOString();
    const c: Ctx = { rng, now, org: orgLogin, labels: [], nowIso };
    const n = allocate(count);
    const id = (type: string, native: string | number) => `github:${orgLogin}:${type}:${native}`;

    // People: GitHub user ids, membership, exposed emails.
    const userId = (p: OrgPerson) => 5_800_000 + p.index * 17;
    const byLogin = new Map<string, OrgPerson>();
    for (const p of company.people) byLogin.set(p.login, p);
    const members: GhMemberData[] = [];
    const memberPeople: OrgPerson[] = [];
    for (const p of company.people) {
      const stillMember = p.status === 'active' || rng.chance(0.5);
      if (!stillMember) continue;
      memberPeople.push(p);
      members.push({
        login: p.login,
        id: userId(p),
        type: 'User',
        name: rng.chance(0.9) ? p.name : null,
        email: rng.chance(0.85) ? p.email : null,
        role: p.index < 2 ? 'admin' : 'member',
      });
    }
    const stub = (p: OrgPerson): GhUserStub => ({ login: p.login, id: userId(p), type: 'User' });
    // Skewed pick: a few people own most tokens (platform engineers), a long tail owns one or two.
    const pickMember = () => memberPeople[Math.floor(memberPeople.length * rng.next() ** 1.6)];
    const pickAnyone = () => company.people[Math.floor(company.people.length * rng.next() ** 1.4)];
    const ownerOf = (login: string | null, source: OwnerSource): IdentityFacts['owner'] => {
      const p = login ? byLogin.get(login) : undefined;
      return p ? { email: p.email, source, departed: p.status === 'departed' } : null;
    };

    // Repositories.
    const repoCount = Math.max(2, Math.ceil(count / 8));
    const repos: GhRepoData[] = [];
    const repoNames = new Set<string>();
    for (let i = 0; i < repoCount; i++) {
      let name = `${rng.pick(REPO_A)}-${rng.pick(REPO_B)}`;
      if (repoNames.has(name)) name = `${name}-${i}`;
      repoNames.add(name);
      const created = rng.daysAgo(now, rng.ageDays(3000) - rng.next());
      const pushed = between(rng, now, Math.min(daysSince(created, now), 700), 0);
      const visibility = rng.weighted([
        ['private', 70],
        ['internal', 15],
        ['public', 15],
      ] as const);
      repos.push({
        id: 310_000_000 + i * 7,
        name,
        private: visibility !== 'public',
        visibility,
        archived: rng.chance(0.08),
        fork: rng.chance(0.03),
        description: rng.chance(0.7) ? `${name.replace('-', ' ')} for ${company.name}` : null,
        language: rng.pick(LANGS),
        default_branch: rng.chance(0.85) ? 'main' : 'master',
        created_at: created,
        updated_at: pushed,
        pushed_at: pushed,
        keys: [],
        secrets: [],
        hooks: [],
      });
    }
    repoNames.clear();
    const pickRepo = () => repos[Math.floor(repos.length * rng.next() ** 1.5)];
    const fullName = (r: GhRepoData) => `${orgLogin}/${r.name}`;

    // GitHub Apps and their installations. The first is Steward's own first-party scanner App.
    const apps: GhAppData[] = [];
    const installations: GhInstallationData[] = [];
    const scannerPerms = {
      administration: 'read',
      members: 'read',
      metadata: 'read',
      organization_administration: 'read',
      organization_hooks: 'read',
      organization_personal_access_token_requests: 'read',
      organization_personal_access_tokens: 'read',
      organization_secrets: 'read',
      repository_hooks: 'read',
      secrets: 'read',
    };
    const orgOwner: GhUserStub = { login: orgLogin, id: orgId, type: 'Organization' };
    for (let i = 0; i < n.installation; i++) {
      let app: GhAppData;
      let perms: Record<string, string>;
      let selection: 'all' | 'selected';
      const appCreated = rng.daysAgo(now, rng.ageDays(2800) + 30);
      if (i === 0) {
        perms = scannerPerms;
        selection = 'all';
        app = {
          id: 1_000_001,
          slug: 'steward-scanner',
          name: 'Steward NHI Scanner',
          client_id: `Iv23li${rng.token(14)}`,
          owner: orgOwner,
          description: 'Read-only NHI discovery',
          external_url: 'https://steward.acme-internal.test',
          created_at: appCreated,
          updated_at: appCreated,
          permissions: perms,
          events: [],
        };
      } else {
        // Installations 1 and 2 are planted: an org-wide governance App and an unverified (user-owned) secrets App.
        const firstParty = i > 2 && rng.chance(0.18);
        const vendor = i - 1 < VENDORS.length && !firstParty ? VENDORS[(i - 1) % VENDORS.length] : null;
        const arch = i === 1 ? 6 : i === 2 ? 7 : vendor ? vendor.archetype : rng.weighted(ARCHETYPE_WEIGHTS);
        const archetype = ARCHETYPES[arch];
        perms = { ...archetype.permissions };
        if (rng.chance(0.1)) perms.actions = 'read';
        selection = i <= 2 ? 'all' : rng.chance(0.55) ? 'all' : 'selected';
        const ownerType = vendor ? vendor.ownerType : rng.chance(0.2) ? 'User' : 'Organization';
        const slug = vendor
          ? vendor.slug
          : firstParty
            ? `${orgLogin}-${archetype.kind}-${i}`
            : `${archetype.kind}-app-${i}`;
        const owner: GhUserStub = firstParty
          ? orgOwner
          : {
              login: vendor ? vendor.owner : `${ownerType === 'User' ? 'dev' : 'vendor'}-${archetype.kind}-${i}`,
              id: 70_000_000 + i * 3,
              type: ownerType,
            };
        app = {
          id: 1_000_001 + i * 11,
          slug,
          name: vendor ? vendor.name : slug.replace(/-/g, ' '),
          client_id: `Iv23li${rng.token(14)}`,
          owner,
          description: rng.chance(0.6) ? `${archetype.kind} integration` : null,
          external_url: `https://${owner.login.toLowerCase()}.example.test`,
          created_at: appCreated,
          updated_at: appCreated,
          permissions: perms,
          events: archetype.events,
        };
      }
      apps.push(app);
      const created = rng.daysAgo(now, Math.min(daysSince(app.created_at, now) - 1, rng.ageDays(2000) - rng.next()));
      const suspended = i > 1 && rng.chance(0.08);
      const inst: GhInstallationData = {
        id: 40_000_000 + i * 13,
        app_id: app.id,
        app_slug: app.slug,
        client_id: app.client_id,
        repository_selection: selection,
        repository_ids:
          selection === 'selected' ? [...new Set(Array.from({ length: rng.int(1, 4) }, () => pickRepo().id))] : [],
        permissions: perms,
        events: app.events,
        created_at: created,
        updated_at: between(rng, now, daysSince(created, now), 0),
        suspended_at: suspended ? between(rng, now, daysSince(created, now), 0) : null,
        suspended_by: suspended ? stub(memberPeople[0]) : null,
        contact_email:
          app.owner.type === 'Organization' ? `support@${app.owner.login.toLowerCase()}.example.test` : null,
      };
      installations.push(inst);
      const thirdParty = app.owner.login.toLowerCase() !== orgLogin.toLowerCase();
      const permissions = appPerms(perms);
      const platformRisks: string[] = [];
      if (selection === 'all' && ORG_WIDE_SENSITIVE_KEYS.some((k) => perms[k] === 'write' || perms[k] === 'admin'))
        platformRisks.push('github-app-org-wide-sensitive-write');
      c.labels.push(
        toLabel(
          {
            id: id('installation', inst.id),
            tenant: orgLogin,
            kind: 'oauth_app',
            name: app.slug,
            createdAt: inst.created_at,
            lastUsedAt: null,
            usageTracked: false,
            enabled: inst.suspended_at === null,
            thirdParty,
            publisherVerified: app.owner.type !== 'User',
            interactive: false,
            credentials: [],
            permissions,
            owner: null,
            platformRisks,
          },
          nowIso,
        ),
      );
    }

    // SSO credential authorizations (PATs, SSH keys, OAuth app tokens) of current members.
    const credentialAuthorizations: GhCredentialAuthorizationData[] = [];
    const credTypes: Array<[NhiType, GhCredentialAuthorizationData['credential_type']]> = [
      ['cred_pat', 'personal access token'],
      ['cred_ssh', 'SSH key'],
      ['cred_oauth', 'OAuth app token'],
    ];
    let credSeq = 0;
    for (const [t, credentialType] of credTypes) {
      for (let i = 0; i < n[t]; i++) {
        const person = pickMember();
        const authorizedAgo = rng.ageDays(1800) - rng.next();
        const authorized = rng.daysAgo(now, authorizedAgo);
        const accessed = rng.chance(0.22)
          ? null
          : rng.daysAgo(now, rng.chance(0.5) ? rng.next() * Math.min(authorizedAgo, 30) : rng.next() * authorizedAgo);
        const isPat = credentialType === 'personal access token';
        const isSsh = credentialType === 'SSH key';
        // Classic PATs: ~45% created without expiry (the first one always, to plant github-pat-no-expiry).
        let expires: string | null = null;
        if (isPat && !(i === 0 || rng.chance(0.45)))
          expires = plusDays(authorized, rng.pick([7, 30, 60, 90, 90, 180, 365, 400]) + rng.next());
        const credentialId = 161_195 + credSeq++ * 3;
        const scopes = isSsh ? [] : [...(isPat ? rng.pick(SCOPE_SETS) : rng.pick(OAUTH_SCOPE_SETS))];
        const note = isPat ? rng.pick(NOTES) : null;
        const title = isSsh
          ? `${person.login}@${rng.pick(['laptop', 'macbook', 'workstation', 'buildbox', 'jumphost'])}`
          : null;
        const raw: GhCredentialAuthorizationData = {
          login: person.login,
          credential_id: credentialId,
          credential_type: credentialType,
          ...(isSsh ? {} : { token_last_eight: rng.token(8, '0123456789abcdefABCDEF') }),
          credential_authorized_at: authorized,
          scopes,
          ...(isSsh
            ? {
                fingerprint: `SHA256:${rng.token(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`,
              }
            : {}),
          credential_accessed_at: accessed,
          authorized_credential_id: 12_345_678 + credSeq * 7,
          authorized_credential_title: title,
          authorized_credential_note: note,
          authorized_credential_expires_at: expires,
        };
        credentialAuthorizations.push(raw);
        const cid = id('credential_authorization', credentialId);
        const credType: CredentialType = isSsh ? 'ssh_key' : 'token';
        const kind: IdentityKind = isPat ? 'personal_access_token' : isSsh ? 'api_key' : 'oauth_grant';
        c.labels.push(
          toLabel(
            {
              id: cid,
              tenant: orgLogin,
              kind,
              name: `${person.login}/${note ?? title ?? credentialType}`,
              createdAt: authorized,
              lastUsedAt: accessed,
              usageTracked: true,
              enabled: true,
              thirdParty: false,
              publisherVerified: null,
              interactive: false,
              credentials: [
                {
                  id: `${cid}#${credType}`,
                  type: credType,
                  createdAt: authorized,
                  expiresAt: expires,
                  lastUsedAt: accessed,
                  enabled: true,
                  supportsExpiry: isPat,
                  fingerprint: raw.fingerprint ?? null,
                },
              ],
              permissions: scopes.map((s) => ({ nativeName: s, ...classicScopeAccess(s) })),
              owner: ownerOf(person.login, isPat || isSsh ? 'creator' : 'consenting_user'),
              platformRisks: isPat && expires === null ? ['github-pat-no-expiry'] : [],
            },
            nowIso,
          ),
        );
      }
    }

    // Fine-grained PAT grants and pending requests.
    const patGrants: GhPatGrantData[] = [];
    const patRequests: GhPatRequestData[] = [];
    const randomPatPermissions = (): GhPatPermissionsData => {
      const repository: Record<string, string> = { metadata: 'read' };
      repository.contents = rng.chance(0.5) ? 'write' : 'read';
      if (rng.chance(0.4)) repository.pull_requests = rng.chance(0.5) ? 'write' : 'read';
      if (rng.chance(0.2)) repository.workflows = 'write';
      if (rng.chance(0.1)) repository.administration = 'write';
      if (rng.chance(0.1)) repository.secrets = 'read';
      const p: GhPatPermissionsData = { repository };
      if (rng.chance(0.3))
        p.organization = rng.chance(0.85)
          ? { members: 'read' }
          : { members: 'write', organization_administration: 'write' };
      return p;
    };
    for (let i = 0; i < n.pat_grant + n.pat_request; i++) {
      const isRequest = i >= n.pat_grant;
      const person = pickMember();
      const created = isRequest
        ? rng.daysAgo(now, rng.next() * 120)
        : rng.daysAgo(now, Math.min(rng.ageDays(1300), 1300) - rng.next());
      const noExpiry = i === 0 || rng.chance(0.12);
      const expires = noExpiry ? null : plusDays(created, rng.pick([7, 30, 60, 90, 90, 180, 366]) - rng.next() * 2);
      const lastUsedRaw = rng.chance(0.25)
        ? null
        : rng.daysAgo(now, rng.next() * Math.min(daysSince(created, now), rng.chance(0.6) ? 20 : 900));
      const expired = expires !== null && Date.parse(expires) < now.getTime();
      const lastUsed = lastUsedRaw && expires && Date.parse(lastUsedRaw) > Date.parse(expires) ? expires : lastUsedRaw;
      const selection = rng.weighted([
        ['subset', 55],
        ['all', 35],
        ['none', 10],
      ] as const);
      const permissions = randomPatPermissions();
      const base = {
        id: (isRequest ? 1_700_000 : 25_381) + i * 5,
        owner: stub(person),
        repository_selection: selection,
        permissions,
        token_id: 98_716 + i * 9,
        token_name: rng.pick(TOKEN_NAMES),
        token_expired: expired,
        token_expires_at: expires,
        token_last_used_at: lastUsed,
      };
      const nativeType = isRequest ? 'pat_request' : 'pat_grant';
      const gid = id(nativeType, base.id);
      if (isRequest)
        patRequests.push({
          ...base,
          reason: rng.chance(0.6)
            ? rng.pick(['CI pipeline', 'release automation', 'need to sync issues', 'migration script'])
            : null,
          created_at: created,
        });
      else patGrants.push({ ...base, access_granted_at: created });
      c.labels.push(
        toLabel(
          {
            id: gid,
            tenant: orgLogin,
            kind: 'personal_access_token',
            name: base.token_name,
            createdAt: created,
            lastUsedAt: lastUsed,
            usageTracked: true,
            enabled: !isRequest,
            thirdParty: false,
            publisherVerified: null,
            interactive: false,
            credentials: [
              {
                id: `${gid}#token`,
                type: 'token',
                createdAt: created,
                expiresAt: expires,
                lastUsedAt: lastUsed,
                enabled: !isRequest && !expired,
                supportsExpiry: true,
                fingerprint: null,
              },
            ],
            permissions: patPerms(permissions),
            owner: ownerOf(person.login, 'creator'),
            platformRisks: !isRequest && expires === null ? ['github-pat-no-expiry'] : [],
          },
          nowIso,
        ),
      );
    }

    // Organization Actions secrets.
    const orgSecrets: GhOrgSecretData[] = [];
    const secretLabel = (
      nativeType: 'org_secret' | 'repo_secret',
      nativeId: string,
      name: string,
      created: string,
      updated: string,
    ) => {
      const sid = id(nativeType, nativeId);
      c.labels.push(
        toLabel(
          {
            id: sid,
            tenant: orgLogin,
            kind: 'secret',
            name,
            createdAt: created,
            lastUsedAt: null,
            usageTracked: false,
            enabled: true,
            thirdParty: false,
            publisherVerified: null,
            interactive: false,
            credentials: [
              {
                id: `${sid}#secret_value`,
                type: 'secret_value',
                createdAt: updated,
                expiresAt: null,
                lastUsedAt: null,
                enabled: true,
                supportsExpiry: false,
                fingerprint: null,
              },
            ],
            permissions: [],
            owner: null,
            platformRisks: daysSince(updated, now) > 365 ? ['github-actions-secret-stale'] : [],
          },
          nowIso,
        ),
      );
    };
    const secretDates = (i: number) => {
      const createdAgo = (i === 0 ? 400 + rng.ageDays(1500) : rng.ageDays(2200)) - rng.next();
      const created = rng.daysAgo(now, createdAgo);
      // Most secrets are never rotated; some were updated since (the first is planted as stale: > 365 days).
      const updated = i === 0 || rng.chance(0.6) ? created : between(rng, now, createdAgo, 0);
      return { created, updated };
    };
    for (let i = 0; i < n.org_secret; i++) {
      const base = SECRET_NAMES[i % SECRET_NAMES.length];
      const name = i < SECRET_NAMES.length ? `ORG_${base}` : `ORG_${base}_${Math.floor(i / SECRET_NAMES.length)}`;
      const { created, updated } = secretDates(i);
      const visibility = rng.weighted([
        ['all', 40],
        ['private', 35],
        ['selected', 25],
      ] as const);
      orgSecrets.push({
        name,
        created_at: created,
        updated_at: updated,
        visibility,
        selected_repository_ids:
          visibility === 'selected' ? [...new Set(Array.from({ length: rng.int(1, 5) }, () => pickRepo().id))] : [],
      });
      secretLabel('org_secret', name, name, created, updated);
    }

    // Webhooks (org and repo).
    let hookSeq = 0;
    const makeHook = (forceInsecure: boolean, repo: GhRepoData | null): GhHookData => {
      const hid = 400_000_000 + hookSeq++ * 11;
      const host = rng.pick(HOOK_HOSTS);
      const insecureScheme = forceInsecure || rng.chance(0.07);
      const insecureSsl = !insecureScheme && rng.chance(0.05);
      const path = rng.pick([
        '/github',
        '/hooks/github',
        `/github/${orgLogin}`,
        '/webhook',
        `/services/T0${rng.token(6).toUpperCase()}/B0${rng.token(6).toUpperCase()}/${rng.token(24)}`,
      ]);
      const created = rng.daysAgo(now, rng.ageDays(2600) - rng.next());
      const active = rng.chance(0.88);
      const hook: GhHookData = {
        id: hid,
        name: 'web',
        active,
        events: [...rng.pick(HOOK_EVENT_SETS)],
        config: {
          url: `${insecureScheme ? 'http' : 'https'}://${host}${path}${rng.chance(0.2) ? `?token=${rng.token(20)}` : ''}`,
          content_type: rng.chance(0.8) ? 'json' : 'form',
          insecure_ssl: insecureSsl ? '1' : '0',
          ...(rng.chance(0.75) ? { secret: '********' as const } : {}),
        },
        created_at: created,
        updated_at: between(rng, now, daysSince(created, now), 0),
      };
      if (repo) {
        hook.last_response =
          !active || rng.chance(0.15)
            ? { code: null, status: 'unused', message: null }
            : rng.chance(0.85)
              ? { code: 200, status: 'active', message: 'OK' }
              : { code: 502, status: 'failed', message: 'Invalid HTTP Response: 502' };
      }
      const nativeType = repo ? 'repo_hook' : 'org_hook';
      const hidFull = id(nativeType, hid);
      const insecure = hook.config.url.startsWith('http://') || hook.config.insecure_ssl === '1';
      const credentials: CredentialFacts[] = hook.config.secret
        ? [
            {
              id: `${hidFull}#webhook_secret`,
              type: 'webhook_secret',
              createdAt: null,
              expiresAt: null,
              lastUsedAt: null,
              enabled: active,
              supportsExpiry: false,
              fingerprint: null,
            },
          ]
        : [];
      c.labels.push(
        toLabel(
          {
            id: hidFull,
            tenant: orgLogin,
            kind: 'webhook',
            name: safeUrl(hook.config.url),
            createdAt: created,
            lastUsedAt: null,
            usageTracked: false,
            enabled: active,
            thirdParty: false,
            publisherVerified: null,
            interactive: false,
            credentials,
            permissions: hook.events.map((e) => ({ nativeName: `event:${e}`, ...webhookEventAccess(e) })),
            owner: null,
            platformRisks: insecure ? ['github-webhook-insecure'] : [],
          },
          nowIso,
        ),
      );
      return hook;
    };
    const orgHooks: GhHookData[] = [];
    for (let i = 0; i < n.org_hook; i++) orgHooks.push(makeHook(i === 0, null));
    for (let i = 0; i < n.repo_hook; i++) {
      const repo = pickRepo();
      repo.hooks.push(makeHook(false, repo));
    }

    // Deploy keys.
    for (let i = 0; i < n.deploy_key; i++) {
      const repo = pickRepo();
      const keyId = 77_000_000 + i * 7;
      const createdAgo = rng.ageDays(2600) - rng.next();
      const created = rng.daysAgo(now, createdAgo);
      const readOnly = i === 0 ? false : rng.chance(0.68);
      const adder = rng.chance(0.82) ? pickAnyone() : null;
      const lastUsed = rng.chance(0.3)
        ? null
        : rng.daysAgo(now, rng.chance(0.5) ? rng.next() * Math.min(createdAgo, 14) : rng.next() * createdAgo);
      const enabled = rng.chance(0.96);
      const title = `${rng.pick(KEY_TITLES)}${rng.chance(0.3) ? `-${rng.int(1, 9)}` : ''}`;
      repo.keys.push({
        id: keyId,
        key: ed25519Key(rng),
        title,
        verified: rng.chance(0.97),
        created_at: created,
        read_only: readOnly,
        added_by: adder?.login ?? null,
        last_used: lastUsed,
        enabled,
      });
      const kid = id('deploy_key', keyId);
      const access = deployKeyAccess(readOnly);
      c.labels.push(
        toLabel(
          {
            id: kid,
            tenant: orgLogin,
            kind: 'deploy_key',
            name: title,
            createdAt: created,
            lastUsedAt: lastUsed,
            usageTracked: true,
            enabled,
            thirdParty: false,
            publisherVerified: null,
            interactive: false,
            credentials: [
              {
                id: `${kid}#ssh_key`,
                type: 'ssh_key',
                createdAt: created,
                expiresAt: null,
                lastUsedAt: lastUsed,
                enabled,
                supportsExpiry: false,
                fingerprint: null,
              },
            ],
            permissions: [
              {
                nativeName: access.nativeName,
                access: access.access,
                sensitivity: access.sensitivity,
                pathToAdmin: access.pathToAdmin,
              },
            ],
            owner: ownerOf(adder?.login ?? null, 'creator'),
            platformRisks: readOnly ? [] : ['github-deploy-key-write'],
          },
          nowIso,
        ),
      );
    }

    // Repository Actions secrets (names unique within a repository).
    const usedNames = new Map<GhRepoData, Set<string>>();
    for (let i = 0; i < n.repo_secret; i++) {
      const repo = pickRepo();
      let names = usedNames.get(repo);
      if (!names) usedNames.set(repo, (names = new Set()));
      let name = rng.pick(SECRET_NAMES);
      if (names.has(name)) name = `${name}_${names.size}`;
      while (names.has(name)) name = `${name}_X`;
      names.add(name);
      const { created, updated } = secretDates(i);
      repo.secrets.push({ name, created_at: created, updated_at: updated });
      secretLabel('repo_secret', `${repo.name}/${name}`, name, created, updated);
    }
    usedNames.clear();
    void fullName;

    const data: GitHubEstateData = {
      org: {
        login: orgLogin,
        id: orgId,
        name: `${company.name[0].toUpperCase()}${company.name.slice(1)} Corp`,
        created_at: rng.daysAgo(now, 3200),
        email: `github-admins@${company.domain}`,
      },
      members,
      apps,
      repos,
      installations,
      credentialAuthorizations,
      patGrants,
      patRequests,
      orgSecrets,
      orgHooks,
      scanner: { appId: apps[0].id, appSlug: apps[0].slug, installationId: installations[0].id },
    };
    return { data, identities: c.labels };
  },
};
