import { createHash } from 'node:crypto';
import type { ActionFn } from './account.js';
import { SCANNER_USER } from './refusals.js';

/**
 * STS (awsQuery, Version 2011-06-15) on the same endpoint as IAM: GetCallerIdentity answers for the IAM user the
 * emulator's access key belongs to (`steward-scanner` of the key's account), as STS does for a user's long-term key.
 */
export const STS_VERSION = '2011-06-15';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The scanner user's unique id: AIDA + 17 characters, stable per account (as IAM keeps a user's id). */
function scannerUserId(accountId: string): string {
  const digest = createHash('sha256').update(`${accountId}/${SCANNER_USER}`).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return `AIDA${[...digest.subarray(0, 17)].map((b) => alphabet[b % 32]).join('')}`;
}

export const STS_ACTIONS: Record<string, ActionFn> = {
  GetCallerIdentity: (v) => ({
    UserId: scannerUserId(v.account.accountId),
    Account: v.account.accountId,
    Arn: `arn:aws:iam::${v.account.accountId}:user/${SCANNER_USER}`,
  }),
};
