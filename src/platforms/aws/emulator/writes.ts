import { type ActionFn, IamError, need, userOf } from './account.js';

/**
 * IAM writes the remediation actions call (src/platforms/aws/actions/): they change the served account, so a re-scan
 * sees the change. UpdateAccessKey answers with an empty result, as IAM does.
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
};
