import type { admin_reports_v1 } from '@googleapis/admin';
import {
  type ActivityGenerator,
  DORMANT_DAYS,
  HOUR,
  lastUsedWithin,
  routineTimes,
  PlantedScenarios,
  jsonLines,
} from '../../../emulation/estate/activity.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { Random } from '../../../emulation/estate/random.js';
import type { GoogleEstateData } from './types.js';

/**
 * Planted Google Workspace Reports activities of the demo domain's third-party OAuth clients: two weeks of `token`
 * API calls from the apps' servers in Google Cloud, then the planted attack sequences and benign novelty of the last
 * day, as `activities.list` items one per line (fields of the Reports API Activity resource:
 * https://developers.google.com/workspace/admin/reports/v1/reference/activities, event names and parameters of the
 * token and admin applications' event appendices). The expected detections come from this file's own catalogue
 * (SCENARIOS), never from the monitoring code.
 */

type Activity = admin_reports_v1.Schema$Activity;

/** Addresses and what the offline IP tables (@ip-location-db) say of them, looked up by hand. */
const NET = {
  gcpUs: ['34.66.12.40', '35.192.14.3'], // AS396982 (Google Cloud), US: the baseline
  gcpUsOther: '34.67.5.21', // AS396982, US: a new address on a known network
  hostingRu: '91.240.118.172', // AS57523, RU
  hostingZa: '102.165.48.2', // AS174, ZA
} as const;

/** API methods a client calls, by a scope it holds (Reports `api_name` / `method_name`). */
const METHODS: ReadonlyArray<readonly [string, string, string]> = [
  ['admin.directory', 'admin', 'directory.users.list'],
  ['mail.google.com', 'gmail', 'gmail.users.messages.list'],
  ['gmail', 'gmail', 'gmail.users.messages.list'],
  ['drive', 'drive', 'drive.files.list'],
  ['calendar', 'calendar', 'calendar.events.list'],
  ['contacts', 'people', 'people.connections.list'],
];
const USERINFO = ['oauth2', 'oauth2.userinfo.v2.me.get'] as const;

/** The role the planted assignment gives (Directory API roleAssignments.insert; Reports `admin` ASSIGN_ROLE). */
const SUPER_ADMIN_ROLE = '_SEED_ADMIN_ROLE';

const SCENARIOS = {
  clientAbroad: {
    scenario: 'an OAuth client whose servers run in Google Cloud (US) calls Gmail from a host in Russia',
    expect: [{ ruleId: 'activity-new-origin', severity: 'high' }],
  },
  adminToolAssignsRole: {
    scenario:
      "an admin tool (admin.directory scopes, a super admin's grant) that only ever listed users assigns the Super Admin role",
    // A role assignment is an access grant (iam.write): first-time sensitive, medium. Domain-wide delegation
    // (AUTHORIZE_API_CLIENT_ACCESS) is not planted: only a super admin in the Admin console can grant it, so its actor
    // is a person, never an NHI.
    expect: [{ ruleId: 'activity-sensitive-operation', severity: 'medium' }],
  },
  dormantClient: {
    scenario: 'an OAuth client unused for over a month calls Google APIs again, from a host in South Africa',
    expect: [{ ruleId: 'activity-dormant-then-active', severity: 'high' }],
  },
  newAddressSameNetwork: {
    scenario: 'benign: an OAuth client calls from a new Google Cloud address on the same network and country',
    expect: [],
    benign: 'info',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

interface Actor {
  clientId: string;
  name: string;
  clientType: string;
  scopes: readonly string[];
  /** The user whose grant the client uses (token events are recorded on them). */
  user: { email: string; id: string };
  identityId: string;
}

export const googleActivity: ActivityGenerator = (raw, labels, now) => {
  const data = raw as GoogleEstateData;
  const t0 = now.getTime();
  const cast = castActors(data, labels, t0);
  if (!cast.busy.length && !cast.adminTool) return null;
  const log = new ReportsLog(new Random(0x5eed_9006), t0, data);
  const planted = new PlantedScenarios<ScenarioId>(SCENARIOS);
  for (const a of [...cast.busy, ...(cast.adminTool ? [cast.adminTool] : [])]) log.routine(a);
  const [abroad, moved] = cast.busy;
  planted.on('clientAbroad', abroad, (a) => log.call(a, t0 - 5 * HOUR, NET.hostingRu));
  planted.on('adminToolAssignsRole', cast.adminTool, (a) => log.assignSuperAdmin(a, t0 - 4 * HOUR));
  planted.on('newAddressSameNetwork', moved, (a) => log.call(a, t0 - 3 * HOUR, NET.gcpUsOther));
  planted.on('dormantClient', cast.dormant, (a) => log.call(a, t0 - 2 * HOUR, NET.hostingZa));
  const lines = log.sorted();
  return {
    format: 'google-reports',
    fileName: `${data.domain}-reports-activities.jsonl`,
    text: jsonLines(lines),
    records: lines.length,
    expected: planted.expected,
    benign: planted.benign,
  };
};

/**
 * OAuth clients granted by an active user: two busy ones and a busy admin tool (last use within 25 days, so two weeks
 * of history wakes nothing), and one last used DORMANT_DAYS ago. The estate's own token events carry no client and
 * no address a baseline knows, so where they are served among the planted ones (`steward emulate`) they wake nothing.
 */
function castActors(data: GoogleEstateData, labels: readonly IdentityLabel[], t0: number) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const users = new Map(data.users.map((u) => [u.id, u]));
  const busy: Actor[] = [];
  let adminTool: Actor | undefined;
  let dormant: Actor | undefined;
  const seen = new Set<string>();
  for (const [userId, tokens] of Object.entries(data.tokens)) {
    const user = users.get(userId);
    if (!user?.primaryEmail || user.suspended) continue;
    for (const t of tokens) {
      const label = t.clientId ? byId.get(`google:${data.tenant}:oauth_client:${t.clientId}`) : undefined;
      if (!label?.lastUsedAt || seen.has(label.id)) continue;
      seen.add(label.id);
      const actor: Actor = {
        clientId: t.clientId as string,
        name: t.displayText ?? (t.clientId as string),
        clientType: t.nativeApp ? 'NATIVE_DESKTOP' : 'WEB',
        scopes: t.scopes ?? [],
        user: { email: user.primaryEmail, id: userId },
        identityId: label.id,
      };
      const admin = actor.scopes.some((s) => s.includes('admin.directory'));
      if (lastUsedWithin(label, t0, [0, 25])) {
        if (admin) adminTool ??= actor;
        else if (busy.length < 2) busy.push(actor);
      } else if (lastUsedWithin(label, t0, DORMANT_DAYS)) dormant ??= actor;
    }
  }
  return { busy, adminTool, dormant };
}

class ReportsLog {
  private readonly lines: Array<{ at: number; line: Activity }> = [];

  constructor(
    private readonly rng: Random,
    private readonly t0: number,
    private readonly data: GoogleEstateData,
  ) {}

  /** BASELINE_DAYS days of 5–8 API calls a day from Google Cloud in the US. */
  routine(a: Actor): void {
    for (const at of routineTimes(this.rng, this.t0, [5, 8])) this.call(a, at, this.rng.pick(NET.gcpUs));
  }

  /** A `token` `activity` event: the client called an API with the user's grant. */
  call(a: Actor, at: number, ip: string): void {
    const [api, method] = methodFor(a.scopes);
    this.push(
      at,
      'token',
      ip,
      { email: a.user.email, profileId: a.user.id, callerType: 'USER' },
      {
        type: 'auth',
        name: 'activity',
        parameters: [
          { name: 'client_id', value: a.clientId },
          { name: 'app_name', value: a.name },
          { name: 'client_type', value: a.clientType },
          { name: 'api_name', value: api },
          { name: 'method_name', value: method },
          { name: 'num_response_bytes', intValue: String(this.rng.int(400, 90_000)) },
        ],
      },
    );
  }

  /**
   * An `admin` ASSIGN_ROLE made through the Directory API (roleAssignments.insert) by the client with its user's grant:
   * the actor is the user, `actor.applicationInfo` the client.
   */
  assignSuperAdmin(a: Actor, at: number): void {
    const actor = {
      email: a.user.email,
      profileId: a.user.id,
      callerType: 'USER',
      applicationInfo: { oauthClientId: a.clientId, applicationName: a.name, impersonation: false },
    };
    const assignee = this.rng.pick(this.data.users);
    this.push(at, 'admin', this.rng.pick(NET.gcpUs), actor, {
      type: 'DELEGATED_ADMIN_SETTINGS',
      name: 'ASSIGN_ROLE',
      parameters: [
        { name: 'ROLE_NAME', value: SUPER_ADMIN_ROLE },
        { name: 'USER_EMAIL', value: assignee.primaryEmail ?? '' },
      ],
    });
  }

  private push(
    at: number,
    applicationName: string,
    ipAddress: string,
    actor: NonNullable<Activity['actor']>,
    event: NonNullable<Activity['events']>[number],
  ): void {
    this.lines.push({
      at,
      line: {
        kind: 'admin#reports#activity',
        id: {
          time: new Date(at).toISOString(),
          uniqueQualifier: `-${this.digits(18)}`,
          applicationName,
          customerId: this.data.customerId,
        },
        etag: `"${this.rng.token(27)}"`,
        actor,
        ipAddress,
        events: [event],
      },
    });
  }

  private digits(n: number): string {
    return `${this.rng.int(1, 9)}${this.rng.token(n - 1, '0123456789')}`;
  }

  /** activities.list pages are newest first; the file is written oldest first so baselines learn before they judge. */
  sorted(): Activity[] {
    return this.lines.sort((x, y) => x.at - y.at).map((l) => l.line);
  }
}

function methodFor(scopes: readonly string[]): readonly [string, string] {
  for (const [scope, api, method] of METHODS) if (scopes.some((s) => s.includes(scope))) return [api, method];
  return USERINFO;
}
