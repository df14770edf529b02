import { between, type GenContext, identityId, label, pickRepo } from './context.js';
import type { GhSecretScanningAlertData } from './types.js';

/**
 * GitHub's secret-scanning facts the estate uses (docs: "Supported secret scanning patterns"): a few secret types
 * with their display names and providers, the validities GitHub reports (active / inactive / unknown), and the
 * resolutions of closed alerts. Only open alerts are listed by the connector (state=open), so only they are labelled.
 */
const SECRET_TYPES = [
  { type: 'github_personal_access_token', display: 'GitHub Personal Access Token', provider: 'GitHub', slug: 'github' },
  { type: 'github_oauth_access_token', display: 'GitHub OAuth Access Token', provider: 'GitHub', slug: 'github' },
  { type: 'aws_access_key_id', display: 'Amazon AWS Access Key ID', provider: 'Amazon AWS', slug: 'aws' },
  { type: 'slack_api_token', display: 'Slack API Token', provider: 'Slack', slug: 'slack' },
  {
    type: 'google_cloud_service_account_credentials',
    display: 'Google Cloud Service Account Credentials',
    provider: 'Google',
    slug: 'google',
  },
  { type: 'stripe_api_key', display: 'Stripe API Key', provider: 'Stripe', slug: 'stripe' },
] as const;
const PATHS = ['.env', 'config/settings.py', 'scripts/deploy.sh', 'src/main/resources/application.yml', 'README.md'];
const RISK_OF = { active: 'github-secret-leaked', inactive: 'github-secret-leaked-unverified' } as const;
const riskOf = (a: GhSecretScanningAlertData) => RISK_OF[a.validity === 'active' ? 'active' : 'inactive'];

function alert(c: GenContext, i: number, numbers: Map<string, number>, open: boolean): GhSecretScanningAlertData {
  const { rng } = c;
  const repo = pickRepo(c);
  const number = (numbers.get(repo.name) ?? 0) + 1;
  numbers.set(repo.name, number);
  const kind = i === 0 ? SECRET_TYPES[0] : rng.pick(SECRET_TYPES);
  const created = between(c, 900, 1);
  // Even-numbered open alerts are planted still valid; the others draw unknown or inactive.
  const validity = open && i % 2 === 0 ? 'active' : rng.pick(['unknown', 'unknown', 'inactive'] as const);
  return {
    repo: repo.name,
    number,
    created_at: created,
    updated_at: created,
    state: open ? 'open' : 'resolved',
    resolution: open ? null : rng.pick(['revoked', 'false_positive', 'used_in_tests', 'wont_fix'] as const),
    resolved_at: open ? null : between(c, 1, 0),
    secret_type: kind.type,
    secret_type_display_name: kind.display,
    provider: kind.provider,
    provider_slug: kind.slug,
    validity,
    publicly_leaked: repo.visibility === 'public' && rng.chance(0.3),
    multi_repo: rng.chance(0.1),
    push_protection_bypassed: rng.chance(0.25),
    path: rng.pick(PATHS),
    line: rng.int(1, 200),
    commit_sha: rng.hex(40),
    blob_sha: rng.hex(40),
  };
}

function labelAlert(c: GenContext, a: GhSecretScanningAlertData): void {
  label(c, {
    id: identityId(c, 'secret_scanning_alert', `${a.repo}/${a.number}`),
    tenant: c.orgLogin,
    kind: 'secret',
    name: `${a.secret_type_display_name} leaked in ${c.orgLogin}/${a.repo} (alert ${a.number})`,
    createdAt: a.created_at,
    lastUsedAt: null,
    usageTracked: false,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions: [],
    owner: null,
    platformRisks: [riskOf(a)],
  });
}

/** `count` open alerts (each labelled) and about a third as many resolved ones (served, never listed: state=open). */
export function generateSecretScanningAlerts(c: GenContext, count: number): GhSecretScanningAlertData[] {
  const numbers = new Map<string, number>();
  const out: GhSecretScanningAlertData[] = [];
  for (let i = 0; i < count; i++) {
    const a = alert(c, i, numbers, true);
    labelAlert(c, a);
    out.push(a);
    if (c.rng.chance(0.33)) out.push(alert(c, i + 1, numbers, false));
  }
  return out;
}
