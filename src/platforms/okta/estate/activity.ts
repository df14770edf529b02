import {
  type ActivityGenerator,
  BASELINE_DAYS,
  DORMANT_DAYS,
  HOUR,
  lastUsedWithin,
  routineTimes,
  PlantedScenarios,
  jsonLines,
} from '../../../emulation/estate/activity.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { Random } from '../../../emulation/estate/random.js';
import type { OktaApiTokenData, OktaAppData, OktaEstateData, OktaUserData } from './types.js';

/**
 * Planted Okta System Log of the demo org's machine callers: two weeks of client-credential token grants by service
 * apps and of SSWS API token requests from automation in AWS, then the planted attack sequences and benign novelty of
 * the last day, as LogEvents one per line (what `GET /api/v1/logs` pages hold; fields of Okta's LogEvent:
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/SystemLog/). The expected detections
 * come from this file's own catalogue (SCENARIOS), never from the monitoring code.
 */

/** Addresses and what the offline IP tables (@ip-location-db) say of them, looked up by hand. */
const NET = {
  ec2UsEast: ['3.80.12.7', '3.81.40.2'], // AS14618 (Amazon EC2), US: the baseline
  ec2UsEastOther: '3.83.9.21', // AS14618, US: a new address on a known network
  torDe: '185.220.101.33', // AS60729, DE
  hostingRu: '5.188.206.10', // AS200391, RU
} as const;

/** Okta's own reading of those addresses (geographicalContext.country, securityContext), written beside each. */
const GEO: Record<string, { asNumber: number; country: string; proxy: boolean }> = {
  [NET.ec2UsEast[0]]: { asNumber: 14618, country: 'United States', proxy: false },
  [NET.ec2UsEast[1]]: { asNumber: 14618, country: 'United States', proxy: false },
  [NET.ec2UsEastOther]: { asNumber: 14618, country: 'United States', proxy: false },
  [NET.torDe]: { asNumber: 60729, country: 'Germany', proxy: true },
  [NET.hostingRu]: { asNumber: 200391, country: 'Russia', proxy: false },
};

const SDK_UA = 'okta-sdk-python/2.9.2 python/3.11.6 Linux/6.1.0';

/** Requests automation makes with an API token (none of them a sensitive operation). */
const ROUTINE_TOKEN_OPS = [
  ['user.account.update_profile', 'Update user profile for Okta'],
  ['group.user_membership.add', 'Add user to group membership'],
  ['application.user_membership.add', 'Add user to application membership'],
] as const;

const SCENARIOS = {
  tokenAbroad: {
    scenario: 'an API token used by automation in AWS (US) makes requests from a Tor exit in Germany (Okta, 2023)',
    expect: [{ ruleId: 'activity-new-origin', severity: 'high' }],
  },
  tokenGrantsAdmin: {
    scenario: 'an API token that only ever managed users and groups assigns the Super Administrator role to a user',
    // A role assignment is an access grant (iam.write): first-time sensitive, medium; only credential leaks of
    // another kind, trust changes and session minting are high.
    expect: [{ ruleId: 'activity-sensitive-operation', severity: 'medium' }],
  },
  dormantCaller: {
    scenario: 'a service app (or API token) unused for over a month calls Okta again, from a host in Russia',
    expect: [{ ruleId: 'activity-dormant-then-active', severity: 'high' }],
  },
  newAddressSameNetwork: {
    scenario: 'benign: a service app gets tokens from a new EC2 address on the same network and country',
    expect: [],
    benign: 'info',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

type Actor =
  | { kind: 'app'; app: OktaAppData; identityId: string }
  | { kind: 'token'; token: OktaApiTokenData; creator: OktaUserData; identityId: string };

export const oktaActivity: ActivityGenerator = (raw, labels, now) => {
  const data = raw as OktaEstateData;
  const t0 = now.getTime();
  const cast = castActors(data, labels, t0);
  if (!cast.tokens.length && !cast.apps.length) return null;
  const log = new SystemLog(new Random(0x5eed_0c7a), t0, data);
  const planted = new PlantedScenarios<ScenarioId>(SCENARIOS);
  for (const a of [...cast.tokens, ...cast.apps]) log.routine(a);
  const [abroad, granter] = cast.tokens;
  planted.on('tokenAbroad', abroad, (a) => log.call(a, t0 - 5 * HOUR, NET.torDe));
  planted.on('tokenGrantsAdmin', granter, (a) => log.grantSuperAdmin(a, t0 - 4 * HOUR));
  planted.on('newAddressSameNetwork', cast.apps[0], (a) => log.call(a, t0 - 3 * HOUR, NET.ec2UsEastOther));
  planted.on('dormantCaller', cast.dormant, (a) => log.call(a, t0 - 2 * HOUR, NET.hostingRu));
  const lines = log.sorted();
  return {
    format: 'okta',
    fileName: `${data.subdomain}-system-log.jsonl`,
    text: jsonLines(lines),
    records: lines.length,
    expected: planted.expected,
    benign: planted.benign,
  };
};

/**
 * Busy callers: last used between BASELINE_DAYS + 1 and 25 days ago — recent enough that two weeks of history wakes
 * nothing, and before the planted two weeks, so where the org's own System Log is served too (`steward emulate`) the
 * two histories follow each other instead of interleaving (the org's events name another client, which a stable
 * baseline would call new); never unused ones, whose labels say so. Busy: two API tokens of active admins, one
 * active service app. And one caller last used DORMANT_DAYS ago.
 */
function castActors(data: OktaEstateData, labels: readonly IdentityLabel[], t0: number) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const users = new Map(data.users.map((u) => [u.id, u]));
  const tokens: Actor[] = [];
  const apps: Actor[] = [];
  const stale: Actor[] = [];
  const busy = (l: IdentityLabel) => lastUsedWithin(l, t0, [BASELINE_DAYS + 1, 25]);
  const dormant = (l: IdentityLabel) => lastUsedWithin(l, t0, DORMANT_DAYS);
  for (const app of data.apps) {
    const label = byId.get(`okta:${data.subdomain}:service_app:${app.id}`);
    if (!label || app.status !== 'ACTIVE') continue;
    const actor: Actor = { kind: 'app', app, identityId: label.id };
    if (busy(label)) apps.length < 1 && apps.push(actor);
    else if (dormant(label)) stale.push(actor);
  }
  for (const token of data.apiTokens) {
    const label = byId.get(`okta:${data.subdomain}:api_token:${token.id}`);
    const creator = users.get(token.userId);
    if (!label || creator?.status !== 'ACTIVE') continue;
    const actor: Actor = { kind: 'token', token, creator, identityId: label.id };
    if (busy(label)) tokens.length < 2 && tokens.push(actor);
    else if (dormant(label)) stale.push(actor);
  }
  return { tokens, apps, dormant: stale[0] };
}

type LogEvent = Record<string, unknown>;

class SystemLog {
  private readonly lines: Array<{ at: number; line: LogEvent }> = [];

  constructor(
    private readonly rng: Random,
    private readonly t0: number,
    private readonly data: OktaEstateData,
  ) {}

  /** BASELINE_DAYS days of 5–8 requests a day from EC2 in us-east-1. */
  routine(a: Actor): void {
    for (const at of routineTimes(this.rng, this.t0, [5, 8])) this.call(a, at, this.rng.pick(NET.ec2UsEast));
  }

  /** What the caller routinely does: a service app gets an access token; a token manages a user. */
  call(a: Actor, at: number, ip: string): void {
    if (a.kind === 'app') {
      this.push(at, ip, a, {
        eventType: 'app.oauth2.as.token.grant.access_token',
        displayMessage: 'OAuth2 access token is granted',
        target: [
          {
            id: `AT.${this.rng.token(20)}`,
            type: 'access_token',
            alternateId: 'unknown',
            displayName: 'Access Token',
            detailEntry: null,
          },
        ],
        debugData: { grantType: 'client_credentials', requestUri: '/oauth2/v1/token' },
      });
      return;
    }
    const [eventType, displayMessage] = this.rng.pick(ROUTINE_TOKEN_OPS);
    this.push(at, ip, a, { eventType, displayMessage, target: [this.userTarget()] });
  }

  /** POST /api/v1/users/{userId}/roles with the token: a Super Administrator assignment. */
  grantSuperAdmin(a: Actor, at: number): void {
    const user = this.userTarget();
    this.push(at, this.rng.pick(NET.ec2UsEast), a, {
      eventType: 'user.account.privilege.grant',
      displayMessage: 'Grant user privilege',
      debugData: { privilegeGranted: 'Super administrator', requestUri: `/api/v1/users/${user.id}/roles` },
      target: [user],
    });
  }

  private userTarget() {
    const u = this.rng.pick(this.data.users);
    const name = `${u.profile.firstName} ${u.profile.lastName}`;
    return { id: u.id, type: 'User', alternateId: u.profile.login, displayName: name, detailEntry: null };
  }

  private push(
    at: number,
    ip: string,
    a: Actor,
    e: { eventType: string; displayMessage: string; target: object[]; debugData?: Record<string, string> },
  ): void {
    const net = GEO[ip];
    const geo = { city: null, state: null, country: net.country, postalCode: null, geolocation: null };
    const transactionId = this.rng.token(27, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
    this.lines.push({
      at,
      line: {
        uuid: this.rng.uuid(),
        published: new Date(at).toISOString(),
        eventType: e.eventType,
        version: '0',
        severity: 'INFO',
        legacyEventType: null,
        displayMessage: e.displayMessage,
        actor: actorOf(a),
        client: {
          userAgent: { rawUserAgent: SDK_UA, os: 'Linux', browser: 'UNKNOWN' },
          zone: 'null',
          device: 'Unknown',
          id: a.kind === 'app' ? a.app.id : null,
          ipAddress: ip,
          geographicalContext: geo,
        },
        authenticationContext: { authenticationStep: 0, externalSessionId: 'trs-unknown' },
        outcome: { result: 'SUCCESS', reason: null },
        target: e.target,
        transaction: {
          type: 'WEB',
          id: transactionId,
          detail: a.kind === 'token' ? { requestApiTokenId: a.token.id } : {},
        },
        debugContext: { debugData: { requestId: transactionId, ...e.debugData } },
        securityContext: { asNumber: net.asNumber, asOrg: null, isp: null, domain: null, isProxy: net.proxy },
        request: { ipChain: [{ ip, geographicalContext: geo, version: 'V4', source: null }] },
      },
    });
  }

  /** The file is written oldest first (as `sortOrder=ASCENDING` pages are) so baselines learn before they judge. */
  sorted(): LogEvent[] {
    return this.lines.sort((x, y) => x.at - y.at).map((l) => l.line);
  }
}

/** A service app acts as itself; a token's requests are its creator's, with the token's id in the transaction. */
function actorOf(a: Actor) {
  if (a.kind === 'app')
    return {
      id: a.app.id,
      type: 'PublicClientApp',
      alternateId: a.app.id,
      displayName: a.app.label,
      detailEntry: null,
    };
  const u = a.creator;
  const displayName = `${u.profile.firstName} ${u.profile.lastName}`;
  return { id: u.id, type: 'User', alternateId: u.profile.login, displayName, detailEntry: null };
}
