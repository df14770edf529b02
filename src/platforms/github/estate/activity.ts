import { createHash } from 'node:crypto';
import {
  type ActivityGenerator,
  DAY,
  HOUR,
  jsonLines,
  type PlantedActivity,
  PlantedScenarios,
  routineTimes,
} from '../../../emulation/estate/activity.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { Random } from '../../../emulation/estate/random.js';
import type { GhInstallationData, GhPatGrantData, GitHubEstateData } from './types.js';

/**
 * Planted GitHub activity of the demo org's NHIs: two weeks of what fine-grained personal access tokens (Git clones,
 * fetches and pushes from CI) and GitHub App installations (pull requests, as `<slug>[bot]`) do, then the planted
 * attack sequences and benign novelty of the last day, as organization audit-log entries one per line — the shape
 * `GET /orgs/{org}/audit-log` and audit-log streaming write (fields of GitHub's "Audit log events for your
 * organization": `@timestamp` and `created_at` in epoch ms, `_document_id`, `action`, `actor`, `actor_id`,
 * `actor_is_bot`, `actor_ip`, `actor_location`, `org`, `org_id`, `repo`, `user_agent`, `operation_type`, and for
 * token-made requests `programmatic_access_type`, `hashed_token`, `token_id`). The expected detections come from
 * this file's own catalogue (SCENARIOS), never from the monitoring code.
 */

/** Addresses and what the offline IP tables (@ip-location-db asn + geo-whois-asn-country) say of them, looked up by hand. */
const NET = {
  ec2UsEast: ['3.80.12.7', '3.81.40.2', '44.192.10.4'], // AS14618, US: the CI runners and the apps' hosts
  gcpUs: '34.74.90.12', // AS396982 (Google Cloud), US: a new network, same country
  torDe: '185.220.101.45', // AS60729, DE
} as const;

const COUNTRY: Record<string, string> = { '34.74.90.12': 'US', '185.220.101.45': 'DE' };

/** Git over HTTPS (the runners' client) and Octokit (the apps' client), as the audit log records them. */
const UA = {
  git: 'git/2.43.0',
  app: 'octokit-rest.js/20.1.1 octokit-core.js/5.2.0 Node.js/20',
} as const;

/** GitHub's `programmatic_access_type` values for the two kinds of actor planted here. */
const ACCESS = {
  pat: 'Fine-grained personal access token',
  app: 'GitHub App server-to-server token',
} as const;

const SCENARIOS = {
  stolenPatAbroad: {
    scenario: 'a fine-grained PAT that CI uses from AWS us-east-1 clones repositories from a Tor exit in Germany',
    expect: [{ ruleId: 'activity-new-origin', severity: 'high' }],
  },
  massClone: {
    scenario: 'a fine-grained PAT that clones a few repositories a day clones 240 in one afternoon',
    expect: [{ ruleId: 'activity-volume-spike', severity: 'medium' }],
  },
  streamingDestroyed: {
    scenario: 'a fine-grained PAT deletes the audit-log streaming endpoint (then clones: massClone)',
    expect: [{ ruleId: 'activity-anti-forensics', severity: 'high' }],
  },
  appAddsDeployKey: {
    scenario: 'a GitHub App that opens pull requests adds a deploy key to a repository (a credential it never made)',
    expect: [{ ruleId: 'activity-sensitive-operation', severity: 'medium' }],
  },
  dormantPat: {
    scenario: 'a fine-grained PAT last seen in the audit log four months ago clones again',
    expect: [{ ruleId: 'activity-dormant-then-active', severity: 'high' }],
  },
  appMovedSameCountry: {
    scenario:
      'benign: a GitHub App moved its host from AWS to Google Cloud in the same country (new ASN, same country)',
    expect: [{ ruleId: 'activity-new-origin', severity: 'medium' }],
    benign: 'medium',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

type Actor = { identityId: string } & (
  | { kind: 'pat'; grant: GhPatGrantData }
  | { kind: 'app'; installation: GhInstallationData }
);

export const githubActivity: ActivityGenerator = (data, labels, now) => {
  const org = data as GitHubEstateData;
  const t0 = now.getTime();
  const [abroad, cloner, dormant] = castTokens(org, labels, t0);
  const [keyAdder, moved] = castApps(org, labels);
  if (!abroad) return null;
  const log = new AuditLog(new Random(0x5eed_617b), org);
  const planted = new PlantedScenarios<ScenarioId>(SCENARIOS);
  for (const a of [abroad, cloner, keyAdder, moved]) if (a) log.routine(a, t0);
  planted.on('stolenPatAbroad', abroad, (a) => {
    for (let i = 0; i < 3; i++) log.entry(a, t0 - 5 * HOUR + i * 60_000, NET.torDe, 'git.clone', log.repo());
  });
  // One token covers its tracks, then takes the code.
  const spree = oneDaySpree(t0 - 4 * HOUR, 240 * 20_000);
  planted.on('streamingDestroyed', cloner, (a) =>
    log.entry(a, spree - 600_000, log.usualIp(), 'audit_log_streaming.destroy'),
  );
  planted.on('massClone', cloner, (a) => {
    for (let i = 0; i < 240; i++) log.entry(a, spree + i * 20_000, log.usualIp(), 'git.clone', log.repo());
  });
  planted.on('appAddsDeployKey', keyAdder, (a) =>
    log.entry(a, t0 - 2 * HOUR, log.usualIp(), 'public_key.create', log.repo()),
  );
  planted.on('appMovedSameCountry', moved, (a) =>
    log.entry(a, t0 - 90 * 60_000, NET.gcpUs, 'pull_request.create', log.repo()),
  );
  planted.on('dormantPat', dormant, (a) => {
    for (const d of [130, 128, 125]) log.entry(a, t0 - d * DAY, log.usualIp(), 'git.clone', log.repo());
    log.entry(a, t0 - HOUR, log.usualIp(), 'git.clone', log.repo());
  });
  const entries = log.sorted();
  return {
    format: 'github-audit',
    fileName: `${org.org.login}-audit-log.jsonl`,
    text: jsonLines(entries),
    records: entries.length,
    expected: planted.expected,
    benign: planted.benign,
  } satisfies PlantedActivity;
};

/**
 * The start of a burst of `length` ms at `start`, or just after the next UTC midnight when it would straddle one: a
 * day's volume is counted per UTC day, and a spree split over two days is two half-sprees (`steward emulate`'s "now"
 * is any time of day).
 */
function oneDaySpree(start: number, length: number): number {
  const nextDay = (Math.floor(start / DAY) + 1) * DAY;
  return start + length < nextDay ? start : nextDay + 60_000;
}

/** Inventory ids by native type and native id (`github:<org>:<nativeType>:<nativeId>`). */
function labelIds(labels: readonly IdentityLabel[], nativeType: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const l of labels) {
    const parts = l.id.split(':');
    if (parts[2] === nativeType) ids.set(parts.slice(3).join(':'), l.id);
  }
  return ids;
}

/**
 * Three approved, unexpired fine-grained PAT grants whose token id no other grant or request shares (the audit log
 * names the token by that id), in listing order: two in routine use, then the dormant one. GitHub's own last use of
 * each (`token_last_used_at`) must not be a month before the token's first entry here, or that entry would be a
 * genuine reawakening: the routine tokens' first entries are two weeks back, the dormant one's four months back.
 */
function castTokens(data: GitHubEstateData, labels: readonly IdentityLabel[], t0: number): (Actor | undefined)[] {
  const ids = labelIds(labels, 'pat_grant');
  const tokenCount = new Map<number, number>();
  for (const t of [...data.patGrants, ...data.patRequests])
    tokenCount.set(t.token_id, (tokenCount.get(t.token_id) ?? 0) + 1);
  const usable: Actor[] = [];
  for (const grant of data.patGrants) {
    const identityId = ids.get(String(grant.id));
    if (identityId && !grant.token_expired && tokenCount.get(grant.token_id) === 1)
      usable.push({ kind: 'pat', grant, identityId });
  }
  const usedSince = (a: Actor, days: number) =>
    a.kind === 'pat' &&
    (a.grant.token_last_used_at === null || Date.parse(a.grant.token_last_used_at) >= t0 - days * DAY);
  const [abroad, cloner] = usable.filter((a) => usedSince(a, 35));
  const dormant = usable.find((a) => a !== abroad && a !== cloner && usedSince(a, 150));
  return [abroad, cloner, dormant];
}

/** Two active installations other than Steward's own scanner, with a slug no other installation has. */
function castApps(data: GitHubEstateData, labels: readonly IdentityLabel[]): Actor[] {
  const ids = labelIds(labels, 'installation');
  const slugs = new Map<string, number>();
  for (const i of data.installations)
    slugs.set(i.app_slug.toLowerCase(), (slugs.get(i.app_slug.toLowerCase()) ?? 0) + 1);
  const cast: Actor[] = [];
  for (const installation of data.installations) {
    const identityId = ids.get(String(installation.id));
    if (!identityId || installation.id === data.scanner.installationId) continue;
    if (installation.suspended_at || slugs.get(installation.app_slug.toLowerCase()) !== 1) continue;
    if (cast.length < 2) cast.push({ kind: 'app', installation, identityId });
  }
  return cast;
}

type Entry = Record<string, unknown> & { created_at: number; _document_id: string };

class AuditLog {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly rng: Random,
    private readonly data: GitHubEstateData,
  ) {}

  /** BASELINE_DAYS days of 4–7 entries a day from AWS us-east-1: Git traffic for tokens, pull requests for apps. */
  routine(a: Actor, t0: number): void {
    for (const at of routineTimes(this.rng, t0, [4, 7])) {
      const r = this.rng.next();
      if (a.kind === 'pat')
        this.entry(a, at, this.usualIp(), r < 0.6 ? 'git.clone' : r < 0.85 ? 'git.fetch' : 'git.push', this.repo());
      else this.entry(a, at, this.usualIp(), r < 0.7 ? 'pull_request.create' : 'pull_request.merge', this.repo());
    }
  }

  entry(a: Actor, at: number, ip: string, action: string, repo?: string): void {
    const { org } = this.data;
    const who =
      a.kind === 'pat'
        ? {
            actor: a.grant.owner.login,
            actor_id: a.grant.owner.id,
            actor_is_bot: false,
            programmatic_access_type: ACCESS.pat,
            hashed_token: hashedToken(`${org.login}:pat:${a.grant.token_id}`),
            token_id: a.grant.token_id,
            user_agent: UA.git,
          }
        : {
            actor: `${a.installation.app_slug}[bot]`,
            actor_id: a.installation.app_id + 40_000_000,
            actor_is_bot: true,
            programmatic_access_type: ACCESS.app,
            hashed_token: hashedToken(`${org.login}:installation:${a.installation.id}`),
            user_agent: UA.app,
          };
    this.entries.push({
      '@timestamp': at,
      created_at: at,
      _document_id: this.rng.token(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      action,
      ...who,
      actor_ip: ip,
      actor_location: { country_code: COUNTRY[ip] ?? 'US' },
      org: org.login,
      org_id: org.id,
      ...(repo ? { repo } : {}),
      operation_type: operationType(action),
      ...(action.startsWith('git.') ? { transport_protocol_name: 'http', transport_protocol: 1 } : {}),
    });
  }

  usualIp(): string {
    return this.rng.pick(NET.ec2UsEast);
  }

  repo(): string {
    const { repos, org } = this.data;
    return `${org.login}/${repos.length ? this.rng.pick(repos).name : 'demo'}`;
  }

  /** Oldest first, so baselines learn before they judge (the API lists newest first by default). */
  sorted(): Entry[] {
    return this.entries.sort((x, y) => x.created_at - y.created_at || x._document_id.localeCompare(y._document_id));
  }
}

/** GitHub's `hashed_token` is a base64 SHA-256 of the token: here of a made-up name, never of a secret. */
const hashedToken = (name: string): string => createHash('sha256').update(name).digest('base64');

/** GitHub's `operation_type` of the actions planted here. */
function operationType(action: string): string {
  if (action.startsWith('git.')) return 'access';
  if (action.endsWith('.create')) return 'create';
  if (action.endsWith('.destroy')) return 'remove';
  return 'modify';
}
