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
import type { AwsAccessKey, AwsEstateData, AwsUser } from './types.js';

/**
 * Planted CloudTrail activity of the AWS demo NHIs: two weeks of ordinary management calls by a few service users'
 * access keys, then the planted attack sequences and benign novelties of the last day, as one CloudTrail log file
 * (`{"Records":[…]}`, the record fields of
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * The expected detections come from this file's own catalogue (SCENARIOS), never from the monitoring code.
 */

/**
 * Addresses and what the offline IP tables (@ip-location-db asn + geo-whois-asn-country) say of them, looked up by
 * hand: Amazon EC2 us-east-1 (AS14618), Amazon's other ASN (AS16509), and hosting networks abroad.
 */
const NET = {
  ec2UsEast: ['3.80.12.7', '3.81.40.2'], // AS14618, US: the baseline
  ec2UsEastOther: '3.83.9.21', // AS14618, US: a new address on a known network
  amazonUs: '54.160.3.9', // AS16509, US: a new network, same country
  hostingRu: '5.188.206.10', // AS200391, RU
  hostingRu2: '91.240.118.172', // AS57523, RU
  hostingZa: '102.165.48.2', // AS174, ZA
} as const;

/** User agents as CloudTrail records them (family: aws-cli, Boto3, python-requests, a browser). */
const UA = {
  cli: 'aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210-201.852.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off',
  cliNewer: 'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.12.6 md/prompt#off',
  boto3:
    'Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#5.10.205 md/arch#x86_64 lang/python#3.11.6 Botocore/1.34.34',
  requests: 'python-requests/2.31.0',
  browser:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
} as const;

/** Read-only management calls a deployment job makes all day: none grants, reads a secret or touches logging. */
const ROUTINE: ReadonlyArray<readonly [source: string, name: string]> = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
  ['logs.amazonaws.com', 'DescribeLogGroups'],
  ['ecr.amazonaws.com', 'GetAuthorizationToken'],
  ['dynamodb.amazonaws.com', 'DescribeTable'],
];

/** What each scenario must raise (rule id, severity), by this catalogue's reading of the detection contract. */
const SCENARIOS = {
  stolenKeyAbroad: {
    scenario: 'a busy deployment key used from a hosting network abroad with a new client',
    expect: [{ ruleId: 'activity-new-origin', severity: 'high' }],
  },
  backdoorKey: {
    scenario: '... which then creates an access key for another user',
    expect: [{ ruleId: 'activity-sensitive-operation', severity: 'high' }],
  },
  dormantKeyThenTrailStopped: {
    scenario: 'an access key unused for months acts again from abroad and stops the trail',
    expect: [
      { ruleId: 'activity-dormant-then-active', severity: 'high' },
      { ruleId: 'activity-anti-forensics', severity: 'high' },
    ],
  },
  consoleByServiceUser: {
    scenario: 'a service user signs in to the console from a browser',
    expect: [{ ruleId: 'activity-interactive-use', severity: 'high' }],
  },
  volumeSpike: {
    scenario: 'a key that makes ~20 calls a day makes 260 in one day',
    expect: [{ ruleId: 'activity-volume-spike', severity: 'medium' }],
  },
  newNetworkSameCountry: {
    scenario: "benign: a workload moved to a region served from Amazon's other network (new ASN, same country)",
    expect: [{ ruleId: 'activity-new-origin', severity: 'medium' }],
    benign: 'medium',
  },
  newAddressNewVersion: {
    scenario: 'benign: a new address on a known network and a newer aws-cli (same family): nothing to raise',
    expect: [],
    benign: 'info',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

interface Actor {
  account: string;
  user: AwsUser;
  /** The access key it signs with (none for a console sign-in). */
  key?: AwsAccessKey;
  identityId: string;
}

type CloudTrailRecord = Record<string, unknown>;

export const awsActivity = ((data, labels, now) =>
  plantActivity(data as AwsEstateData, labels, now)) satisfies ActivityGenerator;

function plantActivity(data: AwsEstateData, labels: readonly IdentityLabel[], now: Date): PlantedActivity | null {
  const t0 = now.getTime();
  const cast = castActors(data, labels, t0);
  if (!cast.busy.length) return null;
  const trail = new Trail(new Random(0x5eed_a75), t0);
  const planted = new PlantedScenarios<ScenarioId>(SCENARIOS);
  const [thief, moved, upgraded, bulk] = cast.busy;
  for (const a of cast.busy) trail.routine(a, a === bulk ? [15, 25] : [5, 8]);
  planted.on('stolenKeyAbroad', thief, (a) => trail.call(a, t0 - 5 * HOUR, NET.hostingRu, UA.requests, ROUTINE[1]));
  planted.on('backdoorKey', thief, (a) => trail.createKeyFor(a, t0 - 4 * HOUR, otherUser(cast.all, a)));
  planted.on('newNetworkSameCountry', moved, (a) => trail.call(a, t0 - 3 * HOUR, NET.amazonUs, UA.cli, ROUTINE[0]));
  planted.on('newAddressNewVersion', upgraded, (a) =>
    trail.call(a, t0 - 3 * HOUR, NET.ec2UsEastOther, UA.cliNewer, ROUTINE[0]),
  );
  planted.on('volumeSpike', bulk, (a) => trail.burst(a, t0 - DAY + 2 * HOUR, 260));
  planted.on('dormantKeyThenTrailStopped', cast.dormant, (a) => trail.wakeAndStopTrail(a, t0 - 2 * HOUR));
  planted.on('consoleByServiceUser', cast.console, (a) => trail.consoleLogin(a, t0 - HOUR));
  const records = trail.sorted();
  return {
    format: 'cloudtrail',
    fileName: `${data.accounts[0].accountId}_CloudTrail_us-east-1_planted.json`,
    text: JSON.stringify({ Records: records }),
    records: records.length,
    expected: planted.expected,
    benign: planted.benign,
  };
}

/**
 * The demo's actors, from the estate and the labels the inventory will hold: busy keys (used lately, so two weeks of
 * history is not a "dormant key" waking), one key unused for ≥ 90 days, one service user with no recent use.
 */
function castActors(data: AwsEstateData, labels: readonly IdentityLabel[], t0: number) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const recent = (iso: string | null) => iso === null || Date.parse(iso) >= t0 - 25 * DAY;
  const all: Actor[] = [];
  const users: Array<{ account: string; user: AwsUser; label: IdentityLabel }> = [];
  for (const account of data.accounts)
    for (const user of account.users) {
      const label = byId.get(`aws:${account.accountId}:user:${user.userId}`);
      if (!label) continue;
      users.push({ account: account.accountId, user, label });
      const key = user.accessKeys.find((k) => k.status === 'Active');
      if (key) all.push({ account: account.accountId, user, key, identityId: label.id });
    }
  const keyLastUse = (a: Actor) => a.key?.lastUsedDate ?? null;
  const busy = all.filter((a) => keyLastUse(a) !== null && recent(keyLastUse(a))).slice(0, 4);
  const dormant = all.find((a) => {
    const used = keyLastUse(a);
    return used !== null && Date.parse(used) <= t0 - 90 * DAY && a.user.accessKeys.length === 1;
  });
  const taken = new Set([...busy, dormant].map((a) => a?.user.userId));
  const consoleUser = users.find((u) => !taken.has(u.user.userId) && recent(u.label.lastUsedAt));
  const console = consoleUser && {
    account: consoleUser.account,
    user: consoleUser.user,
    identityId: consoleUser.label.id,
  };
  return { all, busy, dormant, console };
}

function otherUser(all: readonly Actor[], a: Actor): AwsUser {
  return all.find((x) => x.account === a.account && x.user.userId !== a.user.userId)?.user ?? a.user;
}

/** The records of one log file, vendor-shaped, built per scenario. */
class Trail {
  private readonly records: Array<{ at: number; record: CloudTrailRecord }> = [];

  constructor(
    private readonly rng: Random,
    private readonly t0: number,
  ) {}

  /** BASELINE_DAYS days of routine calls from the usual network with the usual client, [min, max] a day. */
  routine(a: Actor, [min, max]: readonly [number, number]): void {
    for (const at of routineTimes(this.rng, this.t0, [min, max])) {
      const ua = this.rng.chance(0.5) ? UA.cli : UA.boto3;
      this.call(a, at, this.rng.pick(NET.ec2UsEast), ua, this.rng.pick(ROUTINE));
    }
  }

  call(a: Actor, at: number, ip: string, ua: string, [source, name]: readonly [string, string]): void {
    this.push(at, this.apiCall(a, at, ip, ua, source, name, null, null));
  }

  burst(a: Actor, from: number, n: number): void {
    for (let i = 0; i < n; i++)
      this.call(a, from + i * 60_000, NET.ec2UsEast[0], UA.boto3, ['s3.amazonaws.com', 'ListBuckets']);
  }

  createKeyFor(a: Actor, at: number, target: AwsUser): void {
    const response = {
      accessKey: {
        accessKeyId: `AKIA${this.rng.token(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
        status: 'Active',
        userName: target.userName,
        createDate: stamp(at),
      },
    };
    const r = this.apiCall(
      a,
      at,
      NET.hostingRu,
      UA.requests,
      'iam.amazonaws.com',
      'CreateAccessKey',
      { userName: target.userName },
      response,
    );
    this.push(at, r);
  }

  wakeAndStopTrail(a: Actor, at: number): void {
    this.call(a, at, NET.hostingRu2, UA.requests, ['sts.amazonaws.com', 'GetCallerIdentity']);
    this.call(a, at + 60_000, NET.hostingRu2, UA.requests, ['s3.amazonaws.com', 'ListBuckets']);
    const trail = `arn:aws:cloudtrail:us-east-1:${a.account}:trail/management-events`;
    const stop = this.apiCall(
      a,
      at + 120_000,
      NET.hostingRu2,
      UA.requests,
      'cloudtrail.amazonaws.com',
      'StopLogging',
      { name: trail },
      null,
    );
    this.push(at + 120_000, stop);
  }

  /** A console sign-in record (eventType AwsConsoleSignIn): no access key, a browser, the sign-in result. */
  consoleLogin(a: Actor, at: number): void {
    this.push(at, {
      ...this.envelope(at, 'signin.amazonaws.com', 'ConsoleLogin', NET.hostingZa, UA.browser),
      userIdentity: this.identity(a, false),
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAUsed: 'No',
      },
      eventType: 'AwsConsoleSignIn',
      readOnly: false,
      recipientAccountId: a.account,
    });
  }

  private apiCall(
    a: Actor,
    at: number,
    ip: string,
    ua: string,
    source: string,
    name: string,
    request: Record<string, unknown> | null,
    response: Record<string, unknown> | null,
  ): CloudTrailRecord {
    return {
      ...this.envelope(at, source, name, ip, ua),
      userIdentity: this.identity(a, true),
      requestParameters: request,
      responseElements: response,
      requestID: this.uuid(),
      readOnly: request === null,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: a.account,
      eventCategory: 'Management',
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `${source.split('.')[0]}.us-east-1.amazonaws.com`,
      },
    };
  }

  private envelope(at: number, source: string, name: string, ip: string, ua: string): CloudTrailRecord {
    return {
      eventVersion: '1.09',
      eventTime: stamp(at),
      eventSource: source,
      eventName: name,
      awsRegion: 'us-east-1',
      sourceIPAddress: ip,
      userAgent: ua,
      eventID: this.uuid(),
    };
  }

  private identity(a: Actor, withKey: boolean): Record<string, unknown> {
    return {
      type: 'IAMUser',
      principalId: a.user.userId,
      arn: `arn:aws:iam::${a.account}:user${a.user.path}${a.user.userName}`,
      accountId: a.account,
      ...(withKey && a.key ? { accessKeyId: a.key.accessKeyId } : {}),
      userName: a.user.userName,
    };
  }

  private uuid(): string {
    const h = this.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  private push(at: number, record: CloudTrailRecord): void {
    this.records.push({ at, record });
  }

  /** CloudTrail writes a file's records in time order; the detections read them in that order. */
  sorted(): CloudTrailRecord[] {
    return this.records.sort((x, y) => x.at - y.at).map((r) => r.record);
  }
}

/** CloudTrail's eventTime: ISO 8601 UTC to the second. */
function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
