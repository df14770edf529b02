import type { CredentialInput } from '../../../model/index.js';
import type { CloudClients } from './cloud-client.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';
import { leaf, requireObject, requireStr, str, timestamp } from './cloud-common.js';
import type { GcpServiceAccountKey } from './cloud-wire.js';
import { KEY_LAST_AUTH_SOURCE, type LastAuthIndex } from './last-authentication.js';

/** Google's "never" for a user-managed key without an expiry policy: validBeforeTime 9999-12-31T23:59:59Z. */
export const NO_EXPIRY_YEAR = 9999;

const EXPOSED_STATUS = new Set([
  'SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED',
  'SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_COMPROMISE_DETECTED',
]);
const EXPOSED_REASON = new Set([
  'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED',
  'SERVICE_ACCOUNT_KEY_DISABLE_REASON_COMPROMISE_DETECTED',
]);

/** One service account's user-managed keys (keys.list is unpaged). System-managed keys are Google's to rotate. */
export async function listUserManagedKeys(
  c: CloudClients,
  saName: string,
  signal: AbortSignal,
): Promise<GcpServiceAccountKey[]> {
  const data = await c.calls.call(CLOUD_CALLS.listKeys, signal, (o) =>
    c.iam.projects.serviceAccounts.keys.list({ name: saName, keyTypes: ['USER_MANAGED'] }, o),
  );
  return data.keys ?? [];
}

/** validBeforeTime → expiresAt; the year-9999 sentinel means the key never expires. */
export function expiryOf(validBefore: string | null): string | null {
  if (!validBefore) return null;
  return new Date(validBefore).getUTCFullYear() >= NO_EXPIRY_YEAR ? null : validBefore;
}

/**
 * Pure: one key of keys.list → a private_key credential of its account, or null for a SYSTEM_MANAGED key (Google
 * holds and rotates it; keys.list only returns one when asked for all types). validAfterTime is the key's creation
 * (Google sets it when it makes or uploads the key). `lastUse` null = usage not known (Policy Analyzer not read):
 * then lastUsedSource stays null, so no rule reads "never used" into it.
 */
export function keyCredential(
  raw: GcpServiceAccountKey,
  account: { email: string; uniqueId: string },
  lastUse: LastAuthIndex | null,
): CredentialInput | null {
  const key = requireObject(raw, `key of ${account.email}`);
  if (key.keyType === 'SYSTEM_MANAGED') return null;
  const keyId = leaf(requireStr(key.name, `key of ${account.email}`, 'name'));
  const extendedStatus = (key.extendedStatus ?? []).map((s) => str(s?.key)).filter((k): k is string => k !== null);
  const disableReason = str(key.disableReason);
  return {
    id: keyId,
    type: 'private_key',
    name: keyId,
    createdAt: timestamp(key.validAfterTime, `validAfterTime of key ${keyId}`),
    expiresAt: expiryOf(timestamp(key.validBeforeTime, `validBeforeTime of key ${keyId}`)),
    lastUsedAt:
      lastUse?.get(`${account.email.toLowerCase()}/${keyId}`) ?? lastUse?.get(`${account.uniqueId}/${keyId}`) ?? null,
    lastUsedSource: lastUse ? KEY_LAST_AUTH_SOURCE : null,
    fingerprint: keyId,
    enabled: key.disabled !== true,
    attributes: {
      supportsExpiry: true,
      keyAlgorithm: str(key.keyAlgorithm),
      keyOrigin: str(key.keyOrigin),
      keyType: str(key.keyType),
      disableReason,
      extendedStatus,
      exposed:
        extendedStatus.some((k) => EXPOSED_STATUS.has(k)) ||
        (disableReason !== null && EXPOSED_REASON.has(disableReason)),
    },
  };
}
