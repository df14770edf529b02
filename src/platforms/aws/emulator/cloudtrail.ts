import { createHash, randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Caller } from './keys.js';

/**
 * CloudTrail's event history (`LookupEvents`, awsJson1_1: POST / with X-Amz-Target) over the records a test or the
 * demo planted, as https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html describes it:
 * the caller's account's events with StartTime ≤ eventTime ≤ EndTime, newest first, MaxResults 1–50 (default 50),
 * a NextToken valid only with the parameters it was issued for. Lookup attributes are not served.
 */
// The API reference's examples send the long form; the JavaScript SDK v3 sends `CloudTrail_20131101.<Operation>`.
const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;
const JSON_11 = 'application/x-amz-json-1.1';

export type CloudTrailRecord = Record<string, unknown>;

export class CloudTrailError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function cloudTrailOperation(target: string | string[] | undefined): string | undefined {
  const value = Array.isArray(target) ? target[0] : target;
  return value ? TARGET.exec(value)?.[1] : undefined;
}

/** Answers one CloudTrail call (only LookupEvents is served), or its error as CloudTrail words it. */
export function answerCloudTrail(
  res: FastifyReply,
  operation: string,
  body: string,
  caller: Caller | { status: number; code: string; message: string },
  records: readonly CloudTrailRecord[],
  denied: boolean,
): FastifyReply {
  try {
    if ('status' in caller) throw new CloudTrailError(caller.status, caller.code, caller.message);
    if (denied)
      throw new CloudTrailError(
        400,
        'AccessDeniedException',
        `User: ${caller.arn} is not authorized to perform: cloudtrail:${operation} because no identity-based policy allows the cloudtrail:${operation} action`,
      );
    if (operation !== 'LookupEvents')
      throw new CloudTrailError(400, 'UnknownOperationException', `${operation} is not served by this emulator`);
    return sendJson(res, 200, lookupEvents(parseBody(body), caller.accountId, records));
  } catch (error) {
    if (error instanceof CloudTrailError)
      return sendJson(res, error.status, { __type: error.type, Message: error.message });
    throw error;
  }
}

interface LookupRequest {
  StartTime?: number;
  EndTime?: number;
  MaxResults?: number;
  NextToken?: string;
}

function parseBody(body: string): LookupRequest {
  try {
    return (body ? JSON.parse(body) : {}) as LookupRequest;
  } catch {
    throw new CloudTrailError(400, 'SerializationException', 'Request body is not JSON');
  }
}

function lookupEvents(request: LookupRequest, accountId: string, records: readonly CloudTrailRecord[]) {
  // awsJson1_1 timestamps are epoch seconds (fractions allowed).
  const start = request.StartTime === undefined ? Number.NEGATIVE_INFINITY : request.StartTime * 1000;
  const end = request.EndTime === undefined ? Number.POSITIVE_INFINITY : request.EndTime * 1000;
  if (start > end) throw new CloudTrailError(400, 'InvalidTimeRangeException', 'Start time must be before end time.');
  const max = request.MaxResults ?? 50;
  if (!Number.isInteger(max) || max < 1 || max > 50)
    throw new CloudTrailError(400, 'InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  const scope = tokenScope(request);
  const offset = request.NextToken === undefined ? 0 : offsetOf(request.NextToken, scope);
  const matching = records
    .map((record) => ({ record, at: Date.parse(String(record.eventTime)) }))
    .filter((r) => accountOf(r.record) === accountId && r.at >= start && r.at <= end)
    .sort((a, b) => b.at - a.at);
  const page = matching.slice(offset, offset + max);
  const next = offset + max < matching.length ? tokenFor(offset + max, scope) : undefined;
  return { Events: page.map((r) => summary(r.record, r.at)), ...(next ? { NextToken: next } : {}) };
}

const accountOf = (r: CloudTrailRecord) =>
  r.recipientAccountId ?? (r.userIdentity as { accountId?: string } | undefined)?.accountId;

/** The event history's summary of one record, with the record itself as the `CloudTrailEvent` string. */
function summary(record: CloudTrailRecord, at: number) {
  const identity = (record.userIdentity ?? {}) as { accessKeyId?: string; userName?: string };
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly ?? false),
    ...(identity.accessKeyId ? { AccessKeyId: identity.accessKeyId } : {}),
    EventTime: at / 1000,
    EventSource: record.eventSource,
    ...(identity.userName ? { Username: identity.userName } : {}),
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** A NextToken names its offset and the parameters it was issued for. */
const tokenScope = (r: LookupRequest) =>
  createHash('sha256')
    .update(`${r.StartTime ?? ''}|${r.EndTime ?? ''}|${r.MaxResults ?? ''}`)
    .digest('hex')
    .slice(0, 16);
const tokenFor = (offset: number, scope: string) => Buffer.from(`${scope}:${offset}`).toString('base64');

function offsetOf(token: string, scope: string): number {
  const [tokenScopeValue, offset] = Buffer.from(token, 'base64').toString().split(':');
  const n = Number(offset);
  if (tokenScopeValue !== scope || !Number.isInteger(n) || n < 0)
    throw new CloudTrailError(400, 'InvalidNextTokenException', 'Invalid NextToken.');
  return n;
}

function sendJson(res: FastifyReply, status: number, body: unknown): FastifyReply {
  return res
    .code(status)
    .header('content-type', JSON_11)
    .header('x-amzn-requestid', randomUUID())
    .send(JSON.stringify(body));
}

/** Whether the scanner's policy refuses this CloudTrail action (`control.denied`, as for IAM actions). */
export const isTrailDenied = (control: { denied: ReadonlyArray<{ action: string }> }, operation: string) =>
  control.denied.some((d) => d.action === `cloudtrail:${operation}`);
