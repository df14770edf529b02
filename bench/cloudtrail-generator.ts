/**
 * A synthetic CloudTrail stream for bench/events.ts: `{"Records":[…]}` text with realistic record sizes (~1.1 KB:
 * userIdentity, TLS details, request parameters, resources), a few hundred actors (IAM users with long-lived keys,
 * role sessions) each with its home addresses and client, a read-heavy operation mix with rare sensitive and
 * anti-forensics calls, time increasing over 30 days. Seeded: the same options give the same bytes.
 */
import type { Store } from '../src/store/index.js';

export interface GeneratorOptions {
  events: number;
  seed: number;
  /** Actors (users then role sessions). */
  actors?: number;
  /** Records per chunk of text yielded. */
  chunkRecords?: number;
}

const ACCOUNT = '123456789012';
const START = Date.parse('2026-10-01T00:00:00Z');
const SPAN = 30 * 86_400_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0').slice(-width);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface Actor {
  kind: 'user' | 'role';
  name: string;
  principalId: string;
  keyId: string;
  ips: string[];
  ua: string;
}

/** [source, name, weight, request parameters (JSON text)] */
const OPERATIONS: Array<[string, string, number, string]> = [
  [
    's3.amazonaws.com',
    'GetObject',
    400,
    '{"bucketName":"data-lake-prod","key":"exports/2026/10/part-00017.parquet","Host":"data-lake-prod.s3.us-east-1.amazonaws.com"}',
  ],
  [
    's3.amazonaws.com',
    'PutObject',
    150,
    '{"bucketName":"data-lake-prod","key":"ingest/batch-88121.json","Host":"data-lake-prod.s3.us-east-1.amazonaws.com"}',
  ],
  [
    'ec2.amazonaws.com',
    'DescribeInstances',
    120,
    '{"instancesSet":{},"filterSet":{"items":[{"name":"tag:team","valueSet":{"items":[{"value":"payments"}]}}]}}',
  ],
  [
    'sts.amazonaws.com',
    'AssumeRole',
    80,
    '{"roleArn":"arn:aws:iam::123456789012:role/deployer","roleSessionName":"ci-run-5521","durationSeconds":3600}',
  ],
  ['sts.amazonaws.com', 'GetCallerIdentity', 60, 'null'],
  ['iam.amazonaws.com', 'ListUsers', 30, '{"maxItems":100}'],
  [
    'lambda.amazonaws.com',
    'Invoke',
    100,
    '{"functionName":"arn:aws:lambda:us-east-1:123456789012:function:resize-images"}',
  ],
  [
    'kms.amazonaws.com',
    'Decrypt',
    57,
    '{"encryptionAlgorithm":"SYMMETRIC_DEFAULT","keyId":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}',
  ],
  ['secretsmanager.amazonaws.com', 'GetSecretValue', 2, '{"secretId":"prod/db/password"}'],
  ['iam.amazonaws.com', 'CreateAccessKey', 0.1, '{"userName":"svc-other"}'],
  [
    'cloudtrail.amazonaws.com',
    'StopLogging',
    0.01,
    '{"name":"arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail"}',
  ],
];
const UAS = [
  'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2',
  'Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#5.10.223 md/arch#x86_64 lang/python#3.12.4',
  'aws-sdk-java/2.26.20 Linux/5.10.223 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS Java/21.0.4 vendor/Amazon.com_Inc.',
  'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.15.0 md/arch#x86_64 lang/python#3.11.9',
  'Terraform/1.9.3 (+https://www.terraform.io) terraform-provider-aws/5.60.0',
];

function publicIp(rand: () => number): string {
  // First octets of large public allocations (cloud providers, ISPs).
  const firsts = [3, 13, 18, 34, 35, 44, 52, 54, 81, 88, 91, 104, 151, 185, 203];
  return `${firsts[Math.floor(rand() * firsts.length)]}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
}

function makeActors(rand: () => number, count: number): Actor[] {
  const id = (prefix: string) => prefix + Array.from({ length: 16 }, () => ALNUM[Math.floor(rand() * 36)]).join('');
  return Array.from({ length: count }, (_, i) => {
    const kind = i < (count * 2) / 3 ? ('user' as const) : ('role' as const);
    const ips = [publicIp(rand), publicIp(rand)];
    return {
      kind,
      name: kind === 'user' ? `svc-${i}` : `app-role-${i}`,
      principalId: id(kind === 'user' ? 'AIDA' : 'AROA'),
      keyId: id(kind === 'user' ? 'AKIA' : 'ASIA'),
      ips,
      ua: UAS[Math.floor(rand() * UAS.length)],
    };
  });
}

function identityJson(a: Actor): string {
  if (a.kind === 'user')
    return `{"type":"IAMUser","principalId":"${a.principalId}","arn":"arn:aws:iam::${ACCOUNT}:user/${a.name}","accountId":"${ACCOUNT}","accessKeyId":"${a.keyId}","userName":"${a.name}"}`;
  return `{"type":"AssumedRole","principalId":"${a.principalId}:worker-7","arn":"arn:aws:sts::${ACCOUNT}:assumed-role/${a.name}/worker-7","accountId":"${ACCOUNT}","accessKeyId":"${a.keyId}","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"${a.principalId}","arn":"arn:aws:iam::${ACCOUNT}:role/${a.name}","accountId":"${ACCOUNT}","userName":"${a.name}"},"attributes":{"creationDate":"2026-10-01T00:00:00Z","mfaAuthenticated":"false"}}}`;
}

export interface Generated {
  actors: Actor[];
  chunks: AsyncGenerator<string>;
}

export function generateCloudTrail(options: GeneratorOptions): Generated {
  const rand = mulberry32(options.seed);
  const actors = makeActors(rand, options.actors ?? 300);
  const identities = actors.map(identityJson);
  const total = OPERATIONS.reduce((s, o) => s + o[2], 0);
  const pick = () => {
    let r = rand() * total;
    for (const op of OPERATIONS) {
      r -= op[2];
      if (r < 0) return op;
    }
    return OPERATIONS[0];
  };
  const chunkRecords = options.chunkRecords ?? 500;
  async function* chunks(): AsyncGenerator<string> {
    yield '{"Records":[';
    let parts: string[] = [];
    for (let i = 0; i < options.events; i++) {
      const a = Math.floor(rand() * actors.length);
      const actor = actors[a];
      const [source, name, , params] = pick();
      const time = new Date(START + Math.floor((i / options.events) * SPAN)).toISOString().replace('.000Z', 'Z');
      const ip = rand() < 0.999 ? actor.ips[i & 1] : publicIp(rand);
      const eventId = `${hex(rand() * 2 ** 32, 8)}-${hex(rand() * 65536, 4)}-4${hex(rand() * 4096, 3)}-a${hex(rand() * 4096, 3)}-${hex(i, 12)}`;
      const host = source === 's3.amazonaws.com' ? 'data-lake-prod.s3.us-east-1.amazonaws.com' : source;
      parts.push(
        `${i ? ',' : ''}{"eventVersion":"1.09","userIdentity":${identities[a]},"eventTime":"${time}","eventSource":"${source}","eventName":"${name}","awsRegion":"us-east-1","sourceIPAddress":"${ip}","userAgent":"${actor.ua}","requestParameters":${params},"responseElements":null,"requestID":"${hex(rand() * 2 ** 32, 8)}${hex(i, 8)}","eventID":"${eventId}","readOnly":${name.startsWith('Get') || name.startsWith('Describe') || name.startsWith('List')},"resources":[{"accountId":"${ACCOUNT}","type":"AWS::IAM::Role","ARN":"arn:aws:iam::${ACCOUNT}:role/${actor.name}"}],"eventType":"AwsApiCall","managementEvent":${source !== 's3.amazonaws.com'},"recipientAccountId":"${ACCOUNT}","eventCategory":"${source === 's3.amazonaws.com' ? 'Data' : 'Management'}","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"${host}"}}`,
      );
      if (parts.length >= chunkRecords) {
        yield parts.join('');
        parts = [];
      }
    }
    yield `${parts.join('')}]}`;
  }
  return { actors, chunks: chunks() };
}

/** Puts two thirds of the generated actors in the inventory (users with their key, roles), so resolution has work. */
export async function seedInventory(store: Store, actors: readonly Actor[]): Promise<void> {
  const common = { platform: 'aws', tenant: 'bench', attributes: '{}', sync_run_id: 'bench', scope: '' };
  const identity = (a: Actor) => ({
    ...common,
    id: `aws:bench:${a.kind}:${a.principalId}`,
    kind: a.kind === 'user' ? 'service_account' : 'workload_identity',
    native_type: a.kind,
    native_id: a.principalId,
    name: a.name,
    created_at: null,
    created_by: null,
    last_used_at: '2026-09-01T00:00:00Z',
    last_used_source: 'bench',
    enabled: 1,
    publisher_name: null,
    publisher_verified: null,
    publisher_domain: null,
    third_party: 0,
    interactive: 0,
    environment: null,
    owner_claims: '[]',
    first_seen: '2026-09-01T00:00:00Z',
    last_seen: '2026-09-01T00:00:00Z',
    gone_at: null,
    gone_run_id: null,
    stale: '[]',
  });
  const known = actors.filter((_, i) => i % 3 !== 2);
  await store.db.insertInto('identities').values(known.map(identity)).execute();
  const users = known.filter((a) => a.kind === 'user');
  await store.db
    .insertInto('credentials')
    .values(
      users.map((a) => ({
        ...common,
        id: `aws:bench:access_key:${a.keyId}`,
        identity_id: `aws:bench:user:${a.principalId}`,
        type: 'access_key',
        name: a.keyId,
        created_at: null,
        expires_at: null,
        last_used_at: null,
        last_used_source: null,
        fingerprint: null,
        enabled: 1,
      })),
    )
    .execute();
}
