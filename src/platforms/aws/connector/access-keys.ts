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
import { InvalidRecordError, isVendorFailure, VendorCallError } from '../../../sync/failure.js';
import type { SourceTracker } from '../../../sync/sources.js';
import { ACCESS_KEYS } from './sources.js';

/**
 * IAM users' access keys: ListAccessKeys (key ids exist nowhere else) for users the credential report shows with a
 * key (every user when the report is unreadable), last use from the report's key slots, GetAccessKeyLastUsed only
 * for a key no slot can be matched to. Neither call takes an abort signal: per-call options make the client drop its
 * cached middleware chains (client.ts), and these are one or two calls per user; the signal stops new calls instead.
 */

export interface KeyLastUsed {
  lastUsedDate: string | null;
  service: string | null;
  region: string | null;
  source: string;
}

/** A user with its report row, its keys and each key's last use (same order as `keys`); keys null = not read. */
export interface UserKeys {
  row: ReportUser | undefined;
  keys: AccessKeyMetadata[] | null;
  lastUse: Array<KeyLastUsed | null>;
}

/**
 * After this many users' keys could not be read with none read at all, the endpoint is refused or down for the whole
 * account: the source ends (skipped on a refusal, failed otherwise) instead of asking, and retrying, once per user.
 */
export const FAILURES_BEFORE_GIVING_UP = 5;

/**
 * Reads users' keys for the access-keys source: one user's failed call (AccessDenied on that user) is that user's
 * problem (`objectFailed`; its keys stay null, so its credentials are kept from the store); a key without its id is
 * quarantined (the user's keys stay null too); calls that fail from the first user on end the source.
 */
export class AccessKeyReader {
  private listed = 0;
  private failures = 0;
  private givenUp: unknown = null;

  constructor(
    private readonly client: IAMClient,
    private readonly sources: SourceTracker,
    private readonly concurrency: number,
  ) {}

  /** Fills `out[i]` for `users[i]`, `concurrency` users at a time; throws the error the source gave up on. */
  async fill(users: UserDetail[], out: UserKeys[], signal: AbortSignal): Promise<void> {
    await mapLimit(users, this.concurrency, async (u, i) => {
      const slot = out[i];
      if (slot.row && slot.row.keys.length === 0) {
        slot.keys = [];
        return;
      }
      // Past the source's deadline (or after giving up) nothing more is asked, and late answers are not used.
      if (signal.aborted || this.givenUp) return;
      try {
        const keys = await this.listKeys(u, signal);
        if (keys === null || signal.aborted) return;
        slot.lastUse = await lastUseOfKeys(this.client, keys, slot.row);
        if (signal.aborted) return;
        slot.keys = keys;
      } catch (error) {
        if (!signal.aborted) this.failed(u.UserName ?? '?', error);
      }
    });
    if (this.givenUp) throw this.givenUp;
  }

  /** A user's keys; null when one came without its AccessKeyId (that key is quarantined). */
  private async listKeys(user: UserDetail, signal: AbortSignal): Promise<AccessKeyMetadata[] | null> {
    const keys = await listKeys(this.client, user);
    this.listed++;
    this.sources.counted(ACCESS_KEYS, keys.length);
    const broken = keys.filter((k) => typeof k.AccessKeyId !== 'string' || k.AccessKeyId === '');
    for (const key of broken) {
      if (signal.aborted) return null;
      await this.sources.emit(ACCESS_KEYS, key, () => {
        throw new InvalidRecordError(`ListAccessKeys for ${user.UserName} returned a key without AccessKeyId`, null);
      });
    }
    return broken.length ? null : keys;
  }

  private failed(user: string, error: unknown): void {
    if (this.givenUp) return;
    if (this.listed === 0 && isVendorFailure(error) && ++this.failures >= FAILURES_BEFORE_GIVING_UP) {
      this.givenUp = error;
      return;
    }
    this.sources.objectFailed(ACCESS_KEYS, user, error);
  }
}

/** ListAccessKeys of one user (IAM allows two keys a user; 100 a page leaves no second page). */
async function listKeys(client: IAMClient, user: UserDetail): Promise<AccessKeyMetadata[]> {
  const out = await client.send(new ListAccessKeysCommand({ UserName: user.UserName, MaxItems: 100 }));
  if (out.IsTruncated)
    throw new VendorCallError(`ListAccessKeys for ${user.UserName} was truncated (more than 100 keys?)`, {
      call: 'iam:ListAccessKeys',
    });
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
