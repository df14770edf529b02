import {
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  type AccessKeyMetadata,
  type IAMClient,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { identityId, type CredentialInput } from '../../../model/index.js';
import { iso, REPORT_SOURCE } from './context.js';
import type { ReportKey, ReportUser } from './credential-report.js';
import { guardPayload, idOf } from '../../../lib/payload.js';

/**
 * IAM users' access keys: ListAccessKeys (key ids exist nowhere else) for users the credential report shows with a
 * key, last use from the report's key slots, GetAccessKeyLastUsed only for a key no slot can be matched to.
 */

export interface KeyLastUsed {
  lastUsedDate: string | null;
  service: string | null;
  region: string | null;
  source: string;
}

/** A user with its report row, its keys and each key's last use (same order as `keys`). */
export interface UserKeys {
  row: ReportUser | undefined;
  keys: AccessKeyMetadata[];
  lastUse: Array<KeyLastUsed | null>;
}

/** Lists the keys of a page of users, `concurrency` users at a time; results in the users' order. */
export function keysOfUsers(
  client: IAMClient,
  users: UserDetail[],
  rows: Map<string, ReportUser>,
  concurrency: number,
): Promise<UserKeys[]> {
  return mapLimit(users, concurrency, async (u) => {
    const row = rows.get(u.UserName ?? '');
    const keys = await listKeysIfAny(client, u, row);
    return { row, keys, lastUse: await lastUseOfKeys(client, keys, row) };
  });
}

/** ListAccessKeys for a user the report shows with a key, or that the report does not know (created since). */
async function listKeysIfAny(
  client: IAMClient,
  user: UserDetail,
  row: ReportUser | undefined,
): Promise<AccessKeyMetadata[]> {
  if (row && row.keys.length === 0) return [];
  const out = await client.send(new ListAccessKeysCommand({ UserName: user.UserName, MaxItems: 100 }));
  if (out.IsTruncated) throw new Error(`ListAccessKeys for ${user.UserName} was truncated (more than 100 keys?)`);
  return out.AccessKeyMetadata ?? [];
}

async function lastUseOfKeys(
  client: IAMClient,
  keys: AccessKeyMetadata[],
  row: ReportUser | undefined,
): Promise<Array<KeyLastUsed | null>> {
  const fromReport = lastUseFromReport(keys, row);
  const out: Array<KeyLastUsed | null> = [];
  for (let n = 0; n < keys.length; n++) out.push(fromReport[n] ?? (await fetchLastUse(client, keys[n])));
  return out;
}

/** Each key's last use from its credential-report slot; null where no slot matches (GetAccessKeyLastUsed then). */
export function lastUseFromReport(keys: AccessKeyMetadata[], row: ReportUser | undefined): Array<KeyLastUsed | null> {
  return keys.map((key, n) => {
    const match = row ? matchReportKey(key, n, keys, row.keys) : null;
    return match ? reportLastUse(match) : null;
  });
}

const reportLastUse = (match: ReportKey): KeyLastUsed => ({
  lastUsedDate: match.lastUsedDate,
  service: match.lastUsedService,
  region: match.lastUsedRegion,
  source: REPORT_SOURCE,
});

async function fetchLastUse(client: IAMClient, key: AccessKeyMetadata): Promise<KeyLastUsed> {
  const r = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
  const used = r.AccessKeyLastUsed;
  const na = (v: string | undefined) => (v && v !== 'N/A' ? v : null);
  return {
    lastUsedDate: used?.LastUsedDate ? used.LastUsedDate.toISOString() : null,
    service: na(used?.ServiceName),
    region: na(used?.Region),
    source: 'GetAccessKeyLastUsed',
  };
}

/** Key last use from the credential report, matched to ListAccessKeys by creation time (slot order as fallback). */
export function matchReportKey(
  key: AccessKeyMetadata,
  index: number,
  all: AccessKeyMetadata[],
  reportKeys: ReportKey[],
): ReportKey | null {
  const created = iso(key.CreateDate);
  const byTime = reportKeys.filter(
    (k) =>
      k.lastRotated !== null && created !== null && Math.abs(Date.parse(k.lastRotated) - Date.parse(created)) < 1000,
  );
  if (byTime.length === 1) return byTime[0];
  if (byTime.length > 1) return null;
  // No timestamp match: only trust slot order when the counts agree.
  if (reportKeys.length === all.length && reportKeys.every((k) => k.lastRotated === null))
    return reportKeys[index] ?? null;
  return null;
}

/** One access key → a Steward credential (pure). */
function accessKeyCredentialUnguarded(
  tenant: string,
  key: AccessKeyMetadata,
  lastUsed: KeyLastUsed | null,
): CredentialInput {
  return {
    id: identityId('aws', tenant, 'access_key', key.AccessKeyId ?? 'unknown'),
    type: 'access_key',
    name: key.AccessKeyId ?? null,
    createdAt: iso(key.CreateDate),
    expiresAt: null,
    lastUsedAt: lastUsed?.lastUsedDate ?? null,
    lastUsedSource: lastUsed?.source ?? null,
    fingerprint: null,
    enabled: key.Status === 'Active',
    attributes: {
      status: key.Status ?? null,
      lastUsedService: lastUsed?.service ?? null,
      lastUsedRegion: lastUsed?.region ?? null,
      supportsExpiry: false,
    },
  };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** accessKeyCredential with malformed-payload errors naming the object (src/lib/payload.ts). */
export const accessKeyCredential = guardPayload(
  (_tenant: string, key: AccessKeyMetadata, _lastUsed: KeyLastUsed | null) => `AWS access key ${idOf(key.AccessKeyId)}`,
  accessKeyCredentialUnguarded,
);
