import {
  EVENT_CLASS,
  NO_KEYS,
  NO_TAGS,
  RecordRejected,
  type ActivityEvent,
  type ActivityFormat,
  type EventActor,
  type EventClassUid,
  type EventTag,
} from '../../../monitoring/event.js';
import { operationInfo, SSM_READS } from './operations.js';

/**
 * CloudTrail records (the `{"Records":[…]}` log files delivered to S3, arrays of them, or one record per line) →
 * normalized events. Fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * and userIdentity: .../cloudtrail-event-reference-user-identity.html. Nothing of requestParameters or
 * responseElements is kept but the name of the user an operation targets.
 */

interface UserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: { sessionIssuer?: { principalId?: string; arn?: string; userName?: string; type?: string } };
}

interface CloudTrailRecord {
  eventID?: unknown;
  eventTime?: unknown;
  eventSource?: unknown;
  eventName?: unknown;
  eventType?: unknown;
  recipientAccountId?: unknown;
  sourceIPAddress?: unknown;
  userAgent?: unknown;
  errorCode?: unknown;
  userIdentity?: UserIdentity;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  Records?: unknown;
}

const IP = /^[0-9a-fA-F:.]+$/;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export const cloudTrailFormat: ActivityFormat = {
  id: 'cloudtrail',
  title: 'AWS CloudTrail log files ({"Records":[…]}, JSON arrays or JSON lines)',
  thread: { module: import.meta.url, exportName: 'cloudTrailFormat' },
  parse(record: unknown): ActivityEvent[] {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw new RecordRejected('not a JSON object');
    const r = record as CloudTrailRecord;
    // A whole log file handed over as one value (a wrapper the splitter could not see into).
    if (Array.isArray(r.Records)) return r.Records.flatMap((inner) => cloudTrailFormat.parse(inner));
    return [cloudTrailEvent(r)];
  },
};

export function cloudTrailEvent(r: CloudTrailRecord): ActivityEvent {
  const id = str(r.eventID);
  const source = str(r.eventSource);
  const name = str(r.eventName);
  const timeText = str(r.eventTime);
  if (!id || !source || !name || !timeText)
    throw new RecordRejected('not a CloudTrail record (eventID, eventSource, eventName or eventTime missing)');
  const time = Date.parse(timeText);
  if (Number.isNaN(time)) throw new RecordRejected(`eventTime is not a date (event ${id.slice(0, 64)})`);
  const ui = r.userIdentity ?? {};
  const info = operationInfo(source, name);
  const actor = actorOf(ui, r);
  const target = targetOf(r.requestParameters);
  const ip = str(r.sourceIPAddress);
  return {
    id,
    platform: 'aws',
    tenant: str(r.recipientAccountId) ?? ui.accountId ?? '',
    time,
    classUid: classOf(r, info.credentialCreate),
    operation: info.operation,
    actor,
    sourceIp: ip && IP.test(ip) ? ip : null,
    userAgent: str(r.userAgent),
    success: r.errorCode == null && !(name === 'ConsoleLogin' && r.responseElements?.ConsoleLogin === 'Failure'),
    target,
    targetKeys: NO_KEYS,
    tags: tagsOf(r, ui, info.tags, info.credentialCreate, target, name),
    identityId: null,
    credentialId: null,
    targetIdentityId: null,
    asn: null,
    country: null,
    uaFamily: null,
  };
}

function classOf(r: CloudTrailRecord, accountChange: boolean): EventClassUid {
  if (r.eventType === 'AwsConsoleSignIn') return EVENT_CLASS.authentication;
  return accountChange ? EVENT_CLASS.accountChange : EVENT_CLASS.apiActivity;
}

function targetOf(params: Record<string, unknown> | null | undefined): string | null {
  if (!params || typeof params !== 'object') return null;
  return str(params.userName) ?? str(params.roleName);
}

/** Tags that depend on more than the operation: whose key it is, whether a read is decrypted, role chaining. */
function tagsOf(
  r: CloudTrailRecord,
  ui: UserIdentity,
  tags: readonly EventTag[],
  credentialCreate: boolean,
  target: string | null,
  name: string,
): readonly EventTag[] {
  if (credentialCreate && target && target !== ui.userName) return [...tags, 'credential.other'];
  if (name === 'AssumeRole' && ui.type === 'AssumedRole' && r.eventSource === 'sts.amazonaws.com')
    return [...tags, 'session.chain'];
  if (SSM_READS.has(name) && r.eventSource === 'ssm.amazonaws.com' && r.requestParameters?.withDecryption === true)
    return ['secret.read'];
  return tags.length ? tags : NO_TAGS;
}

function actorOf(ui: UserIdentity, r: CloudTrailRecord): EventActor {
  const type = ui.type ?? '';
  const keyId = str(ui.accessKeyId);
  const issuer = ui.sessionContext?.sessionIssuer;
  const principalBase = ui.principalId ? ui.principalId.split(':')[0] : null;
  switch (type) {
    case 'IAMUser':
      return actor(
        ui.arn ?? ui.principalId ?? 'unknown',
        ui.userName ?? ui.arn ?? '?',
        [keyId, ui.principalId],
        keyId?.startsWith('AKIA') === true,
        false,
      );
    case 'AssumedRole':
    case 'FederatedUser':
      return actor(
        issuer?.arn ?? ui.arn ?? ui.principalId ?? 'unknown',
        issuer?.userName ?? ui.arn ?? '?',
        [keyId, issuer?.principalId, principalBase],
        false,
        false,
      );
    case 'Root':
      return actor(
        ui.arn ?? `root:${ui.accountId ?? ''}`,
        'root',
        [keyId, ui.principalId],
        keyId?.startsWith('AKIA') === true,
        false,
      );
    case 'AWSService':
      return actor(ui.invokedBy ?? 'aws-service', ui.invokedBy ?? 'aws-service', [], false, true);
    default: {
      const bySource = str(r.sourceIPAddress)?.endsWith('.amazonaws.com') === true;
      const principal = ui.arn ?? ui.principalId ?? ui.userName ?? (bySource ? String(r.sourceIPAddress) : 'unknown');
      return actor(principal, ui.userName ?? principal, [keyId, ui.principalId], false, !type && bySource);
    }
  }
}

function actor(
  principal: string,
  name: string,
  keys: Array<string | null | undefined>,
  programmatic: boolean,
  vendorService: boolean,
): EventActor {
  const unique = keys.filter((k, i): k is string => typeof k === 'string' && k !== '' && keys.indexOf(k) === i);
  return { principal, name, keys: unique, programmatic, vendorService };
}
