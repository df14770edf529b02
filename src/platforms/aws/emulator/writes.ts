import { randomBytes } from 'node:crypto';
import { type AccountView, type ActionFn, IamError, need, userOf } from './account.js';

/**
 * IAM writes the remediation actions call (src/platforms/aws/actions/): they change the served account, so a re-scan
 * sees the change. UpdateAccessKey and DeleteAccessKey answer with an empty result, as IAM does; CreateAccessKey
 * returns the secret once (it is not kept: the emulator cannot sign with keys it made) and refuses a third key per
 * user with 409 LimitExceeded, IAM's quota of two.
 */
export const WRITE_ACTIONS: Record<string, ActionFn> = {
  UpdateAccessKey: (v, p) => {
    const id = need(p, 'AccessKeyId');
    const status = need(p, 'Status');
    if (status !== 'Active' && status !== 'Inactive')
      throw new IamError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
      );
    // Without UserName IAM takes the caller's own user; the scanner's user has no listed keys.
    const user = p.get('UserName') ? userOf(v, p) : undefined;
    const found = v.keys.get(id);
    if (!found || (user && found.user !== user))
      throw new IamError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
    found.key.status = status;
    // IAM regenerates the credential report at most every four hours; the emulator drops it at once so a re-scan
    // reads the key's state from one place (ListAccessKeys and the report agree).
    v.report = null;
    return null;
  },
  CreateAccessKey: (v, p, _control, data) => {
    const user = userOf(v, p);
    if (user.accessKeys.length >= 2)
      throw new IamError(409, 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
    const key = {
      accessKeyId: newAccessKeyId(v),
      status: 'Active' as const,
      createDate: data.now,
      lastUsedDate: null,
      lastUsedService: 'N/A',
      lastUsedRegion: 'N/A',
    };
    user.accessKeys.push(key);
    v.keys.set(key.accessKeyId, { user, key });
    v.report = null;
    const secret = randomBytes(30).toString('base64');
    return {
      AccessKey: {
        UserName: user.userName,
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        SecretAccessKey: secret,
        CreateDate: key.createDate,
      },
    };
  },
  DeleteAccessKey: (v, p) => {
    const id = need(p, 'AccessKeyId');
    const user = p.get('UserName') ? userOf(v, p) : undefined;
    const found = v.keys.get(id);
    if (!found || (user && found.user !== user))
      throw new IamError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
    found.user.accessKeys = found.user.accessKeys.filter((k) => k.accessKeyId !== id);
    v.keys.delete(id);
    v.report = null;
    return null;
  },
};

/** AKIA + 16 characters of IAM's base-32 alphabet, unused in the account. */
function newAccessKeyId(v: AccountView): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  for (;;) {
    const id = `AKIA${[...randomBytes(16)].map((b) => alphabet[b % 32]).join('')}`;
    if (!v.keys.has(id)) return id;
  }
}
