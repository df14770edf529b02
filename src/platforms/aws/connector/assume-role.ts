import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { registerSecret } from '../../../lib/logger.js';
import { VendorCallError } from '../../../sync/failure.js';
import type { AssumeRoleOptions } from './options.js';

/** Session credentials are asked anew this long before they expire (the SDK's own refresh margin is 5 minutes). */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** The session a scan asks for: an hour, the default maximum of a role's session. */
const SESSION_SECONDS = 3600;
/** The session name CloudTrail shows for the scan's calls in the member account. */
export const SESSION_NAME = 'steward-scan';

/** AWS credentials as the SDK's clients take them (the shape of @aws-sdk/types' AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Credentials of one member-account session, shared by the scan's clients, asked again shortly before they expire. */
export type SessionCredentials = () => Promise<AwsCredentialIdentity>;

/**
 * Temporary credentials of `role` through STS AssumeRole, made with the management account's credentials (`sts` is
 * a client of those). Session credentials are secrets: they live in memory only and are never logged or stored.
 * A refused AssumeRole throws an error naming sts:AssumeRole, the role and the caller.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  role: AssumeRoleOptions,
  now = () => Date.now(),
): SessionCredentials {
  let held: Promise<AwsCredentialIdentity> | null = null;
  let expiresAt = 0;
  return () => {
    if (!held || expiresAt - REFRESH_MARGIN_MS <= now()) {
      const attempt = assume(sts, role).then((credentials) => {
        expiresAt = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
        return credentials;
      });
      attempt.catch(() => {
        if (held === attempt) held = null; // a refusal is not cached: the next caller asks again
      });
      held = attempt;
    }
    return held;
  };
}

async function assume(sts: STSClient, role: AssumeRoleOptions): Promise<AwsCredentialIdentity> {
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: role.roleArn,
        RoleSessionName: SESSION_NAME,
        DurationSeconds: SESSION_SECONDS,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new Error('STS AssumeRole answered without credentials');
    // Whatever echoes them by mistake (an SDK error, a log line), the logger's redactor hides them.
    registerSecret(c.SecretAccessKey);
    registerSecret(c.SessionToken);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  } catch (error) {
    throw await refusal(sts, role, error);
  }
}

/** The error a member's run fails with: the call, the role, who asked (best effort) and STS's own words. */
async function refusal(sts: STSClient, role: AssumeRoleOptions, error: unknown): Promise<Error> {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const caller = await callerArn(sts);
  const code = e.name && e.name !== 'Error' ? e.name : undefined;
  return new VendorCallError(
    `sts:AssumeRole of ${role.roleArn} as ${caller ?? 'the management account credentials'} failed${code ? ` (${code})` : ''}: ${e.message ?? String(error)}; ` +
      'the member role must exist in that account and trust the management account (docs/connectors/aws.md, "Organizations")',
    { call: 'sts:AssumeRole', httpStatus: e.$metadata?.httpStatusCode, vendorCode: code },
    { cause: error },
  );
}

async function callerArn(sts: STSClient): Promise<string | null> {
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? null;
  } catch {
    return null;
  }
}
