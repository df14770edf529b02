import {
  type ActivityGenerator,
  type PlantedActivity,
  DAY,
  HOUR,
  routineTimes,
  PlantedScenarios,
} from '../../../emulation/estate/activity.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { Random } from '../../../emulation/estate/random.js';
import type { SlackBotData, SlackEstateData } from './types.js';

/**
 * Planted Slack activity of the demo org's bots: two weeks of what their apps do that the Audit Logs API records
 * (files uploaded and shared, channels joined, with the bot token: `actor.user` is the bot user, `context.app` the app),
 * then the planted attack sequences and benign novelty of the last day, as `GET /audit/v1/logs` entries one per line
 * (fields of Slack's "Audit Logs API methods & actions" reference: `id`, `date_create` in epoch seconds, `action`,
 * `actor`, `entity`, `context` with `location`, `ua`, `ip_address`, `app`, and `details`). Slack records no last use of
 * an app, so the dormant bot's history is in the log itself: a few entries months ago. The expected detections come
 * from this file's own catalogue (SCENARIOS), never from the monitoring code.
 */

/** Addresses and what the offline IP tables (@ip-location-db asn + geo-whois-asn-country) say of them, looked up by hand. */
const NET = {
  ec2UsEast: ['3.80.12.7', '3.81.40.2', '44.192.10.4'], // AS14618, US: where the bots run
  gcpUs: '34.74.90.12', // AS396982 (Google Cloud), US: a new network, same country
  torDe: '185.220.101.45', // AS60729, DE
} as const;

/** The Python Slack SDK's user agent (family `Python`), as the bots send it. */
const UA = 'Python/3.11.9 slackclient/3.27.1 Linux/5.10.215-203.850.amzn2.x86_64';

const SCENARIOS = {
  stolenTokenAbroad: {
    scenario: 'a bot that runs in AWS us-east-1 acts from a Tor exit in Germany with its token (file downloads)',
    expect: [{ ruleId: 'activity-new-origin', severity: 'high' }],
  },
  appGrabsData: {
    scenario: "a bot's app expands its own scopes, then starts a workspace export",
    expect: [
      { ruleId: 'activity-sensitive-operation', severity: 'medium' },
      { ruleId: 'activity-sensitive-operation', severity: 'medium' },
    ],
  },
  dormantBot: {
    scenario: 'a bot last seen in the audit log four months ago acts again',
    expect: [{ ruleId: 'activity-dormant-then-active', severity: 'high' }],
  },
  newNetworkSameCountry: {
    scenario: 'benign: a bot moved from AWS to Google Cloud in the same country (new ASN, same country)',
    expect: [{ ruleId: 'activity-new-origin', severity: 'medium' }],
    benign: 'medium',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

interface Actor {
  bot: SlackBotData;
  identityId: string;
}

export const slackActivity: ActivityGenerator = (data, labels, now) => {
  const org = data as SlackEstateData;
  const [abroad, grabber, moved, dormant] = castActors(org, labels);
  if (!abroad) return null;
  const t0 = now.getTime();
  const log = new AuditLog(new Random(0x5eed_51ac), org);
  const planted = new PlantedScenarios<ScenarioId>(SCENARIOS);
  for (const a of [abroad, grabber, moved]) if (a) log.routine(a, t0);
  planted.on('stolenTokenAbroad', abroad, (a) => {
    for (let i = 0; i < 3; i++) log.entry(a, t0 - 5 * HOUR + i * 60_000, NET.torDe, 'file_downloaded', log.file());
  });
  planted.on('appGrabsData', grabber, (a) => {
    log.entry(a, t0 - 4 * HOUR, log.usualIp(), 'app_scopes_expanded', log.selfApp(a), {
      new_scopes: ['channels:history', 'groups:history', 'files:read'],
      previous_scopes: ['chat:write', 'files:write'],
    });
    log.entry(a, t0 - 4 * HOUR + 600_000, log.usualIp(), 'manual_export_started', log.workspace());
  });
  planted.on('newNetworkSameCountry', moved, (a) =>
    log.entry(a, t0 - 3 * HOUR, NET.gcpUs, 'file_uploaded', log.file()),
  );
  planted.on('dormantBot', dormant, (a) => {
    for (const d of [130, 128, 125]) log.entry(a, t0 - d * DAY, log.usualIp(), 'file_uploaded', log.file());
    log.entry(a, t0 - 2 * HOUR, log.usualIp(), 'file_uploaded', log.file());
  });
  const entries = log.sorted();
  return {
    format: 'slack-audit',
    fileName: `${org.team.domain}-audit-logs.jsonl`,
    text: `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`,
    records: entries.length,
    expected: planted.expected,
    benign: planted.benign,
  } satisfies PlantedActivity;
};

/** The first four bots the inventory holds (a bot user per approved app with bot scopes), in users.list order. */
function castActors(data: SlackEstateData, labels: readonly IdentityLabel[]): Actor[] {
  const bySuffix = new Map(labels.filter((l) => l.kind === 'bot').map((l) => [l.id.split(':').pop(), l.id]));
  const cast: Actor[] = [];
  for (const bot of data.bots) {
    const identityId = bySuffix.get(bot.user_id);
    if (identityId && !bot.deleted && cast.length < 4) cast.push({ bot, identityId });
  }
  return cast;
}

type Entry = Record<string, unknown> & { date_create: number };

class AuditLog {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly rng: Random,
    private readonly data: SlackEstateData,
  ) {}

  /** BASELINE_DAYS days of 4–7 entries a day from AWS us-east-1: files uploaded and shared, channels joined. */
  routine(a: Actor, t0: number): void {
    for (const at of routineTimes(this.rng, t0, [4, 7])) {
      const r = this.rng.next();
      if (r < 0.5) this.entry(a, at, this.usualIp(), 'file_uploaded', this.file());
      else if (r < 0.85) this.entry(a, at, this.usualIp(), 'file_shared', this.file());
      else this.entry(a, at, this.usualIp(), 'user_channel_join', this.channel());
    }
  }

  entry(a: Actor, at: number, ip: string, action: string, entity: object, details?: object): void {
    const { team } = this.data;
    this.entries.push({
      id: this.rng.uuid(),
      date_create: Math.floor(at / 1000),
      action,
      actor: { type: 'user', user: { id: a.bot.user_id, name: a.bot.name, team: team.id } },
      entity,
      context: {
        location: { type: 'workspace', id: team.id, name: team.name, domain: team.domain },
        ua: UA,
        ip_address: ip,
        app: { id: a.bot.app_id, name: a.bot.name },
      },
      ...(details ? { details } : {}),
    });
  }

  usualIp(): string {
    return this.rng.pick(NET.ec2UsEast);
  }

  file(): object {
    const name = `${this.rng.pick(['daily-report', 'standup-summary', 'build-log', 'alerts'])}.${this.rng.pick(['csv', 'txt', 'pdf'])}`;
    return {
      type: 'file',
      file: { id: `F0${this.rng.token(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, name, title: name },
    };
  }

  channel(): object {
    const name = this.rng.pick(['alerts', 'deploys', 'general', 'support']);
    const id = `C0${this.rng.token(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
    return { type: 'channel', channel: { id, privacy: 'public', name, is_shared: false, is_org_shared: false } };
  }

  /** The bot's own app as the entity (its scopes changed). */
  selfApp(a: Actor): object {
    return {
      type: 'app',
      app: { id: a.bot.app_id, name: a.bot.name, is_distributed: false, is_directory_approved: false },
    };
  }

  workspace(): object {
    const { team } = this.data;
    return { type: 'workspace', workspace: { id: team.id, name: team.name, domain: team.domain } };
  }

  /** The API lists entries newest first; the file is written oldest first so baselines learn before they judge. */
  sorted(): Entry[] {
    return this.entries.sort((x, y) => x.date_create - y.date_create);
  }
}
