import { createHash } from 'node:crypto';
import type { AwsRole, PolicyStatement } from '../estate/types.js';
import { type AccountView, type AwsEmulatorControl, IamError, need } from './account.js';
import type { Caller, Keyring } from './keys.js';
import { SCANNER_USER } from './refusals.js';
import type { XmlValue } from './xml.js';

/**
 * STS (awsQuery, Version 2011-06-15) on the same endpoint as IAM. GetCallerIdentity answers for whoever signed: the
 * scanner user of the key's account, or the assumed role of a session. AssumeRole issues session credentials for a
 * role of any estate account whose trust policy allows the caller (principal = the caller's account root, account id
 * or ARN; a `StringEquals sts:ExternalId` condition must match; any other condition is not met ⚠️ simplified), and is
 * refused as STS words it otherwise (the role missing included), or when `control.refusedRoles` names the role.
 */
export const STS_VERSION = '2011-06-15';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** What an STS action needs besides its parameters. */
export interface StsEnv {
  views: Map<string, AccountView>;
  keyring: Keyring;
  control: AwsEmulatorControl;
}

export type StsActionFn = (p: URLSearchParams, caller: Caller, env: StsEnv) => Record<string, XmlValue>;

/** The scanner user's unique id: AIDA + 17 characters, stable per account (as IAM keeps a user's id). */
function scannerUserId(accountId: string): string {
  const digest = createHash('sha256').update(`${accountId}/${SCANNER_USER}`).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return `AIDA${[...digest.subarray(0, 17)].map((b) => alphabet[b % 32]).join('')}`;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export const STS_ACTIONS: Record<string, StsActionFn> = {
  GetCallerIdentity: (_p, caller, env) => ({
    UserId: caller.roleArn
      ? `${roleOf(env, caller.roleArn)?.roleId}:${caller.sessionName}`
      : scannerUserId(caller.accountId),
    Account: caller.accountId,
    Arn: caller.arn,
  }),
  AssumeRole: assumeRole,
};

function assumeRole(p: URLSearchParams, caller: Caller, env: StsEnv): Record<string, XmlValue> {
  const roleArn = need(p, 'RoleArn');
  const sessionName = need(p, 'RoleSessionName');
  if (!SESSION_NAME.test(sessionName))
    throw validation(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  const role = roleOf(env, roleArn);
  const externalId = p.get('ExternalId');
  if (!role || env.control.refusedRoles?.includes(roleArn) || !trusts(role, caller, externalId))
    throw new IamError(
      403,
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  const seconds = Number(p.get('DurationSeconds') ?? 3600);
  if (!Number.isInteger(seconds) || seconds < 900)
    throw validation(
      `Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  if (seconds > role.maxSessionDuration)
    throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const accountId = ROLE_ARN.exec(roleArn)![1];
  const session = env.keyring.issue(accountId, roleArn, sessionName, seconds);
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(session.expiresAt).toISOString().replace(/\.\d+Z$/, 'Z'),
    },
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: session.arn },
  };
}

const validation = (message: string) => new IamError(400, 'ValidationError', message);

/** The role an ARN names in an estate account (its path included), or undefined. */
function roleOf(env: StsEnv, roleArn: string): AwsRole | undefined {
  const m = ROLE_ARN.exec(roleArn);
  const view = m ? env.views.get(m[1]) : undefined;
  const role = m && view?.roles.get(m[2]);
  return role && view?.roleArn(role) === roleArn ? role : undefined;
}

/** Whether a statement of the role's trust policy lets the caller assume it (see the module comment). */
function trusts(role: AwsRole, caller: Caller, externalId: string | null): boolean {
  const statements = Array.isArray(role.trustPolicy.Statement)
    ? role.trustPolicy.Statement
    : [role.trustPolicy.Statement];
  const accepted = new Set([`arn:aws:iam::${caller.accountId}:root`, caller.accountId, caller.arn]);
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      allowsAssumeRole(s) &&
      principals(s).some((a) => accepted.has(a)) &&
      conditionsMet(s, externalId),
  );
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const allowsAssumeRole = (s: PolicyStatement) =>
  list(s.Action).some((a) => ['sts:AssumeRole', 'sts:*', '*'].includes(a));
const principals = (s: PolicyStatement) => (s.Principal === '*' ? ['*'] : list(s.Principal?.AWS));

function conditionsMet(s: PolicyStatement, externalId: string | null): boolean {
  for (const [operator, keys] of Object.entries(s.Condition ?? {}))
    for (const [key, value] of Object.entries(keys)) {
      if (operator !== 'StringEquals' || key !== 'sts:ExternalId') return false;
      if (externalId === null || !list(value).includes(externalId)) return false;
    }
  return true;
}
