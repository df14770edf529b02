import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AwsOrganization, AwsOrganizationAccount } from '../estate/types.js';
import type { Caller } from './keys.js';

/**
 * AWS Organizations (awsJson1_1) on the emulator's endpoint: POST / with `X-Amz-Target:
 * AWSOrganizationsV20161128.<Operation>` and a JSON body. ListAccounts pages the organization's accounts
 * (`MaxResults` 1–20, default 20; `NextToken`) for callers in the management account; a member account is refused
 * (AccessDeniedException) and an account outside any organization gets AWSOrganizationsNotInUseException, both HTTP
 * 400 as Organizations sends them, with `{"__type", "Message"}` bodies.
 */
export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';
export const ORGANIZATIONS_OPERATIONS = ['ListAccounts'] as const;

const MAX_RESULTS = 20;

export class OrganizationsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** 'organizations:<Operation>' of an awsJson request, from its X-Amz-Target header; undefined for any other. */
export function organizationsOperation(target: string | string[] | undefined): string | undefined {
  const value = Array.isArray(target) ? target[0] : target;
  return value?.startsWith(ORGANIZATIONS_TARGET_PREFIX)
    ? `organizations:${value.slice(ORGANIZATIONS_TARGET_PREFIX.length)}`
    : undefined;
}

export function sendOrganizationsError(res: FastifyReply, error: OrganizationsError): FastifyReply {
  return res
    .code(error.status)
    .header('content-type', 'application/x-amz-json-1.1')
    .header('x-amzn-requestid', randomUUID())
    .send(JSON.stringify({ __type: error.type, Message: error.message }));
}

export const organizationsAccessDenied = (status = 400) =>
  new OrganizationsError(status, 'AccessDeniedException', "You don't have permissions to access this resource.");

/** Answers one Organizations operation for `caller`, or throws an OrganizationsError. */
export function organizationsAnswer(
  operation: string,
  body: string,
  caller: Caller,
  organization: AwsOrganization | undefined,
): unknown {
  if (operation !== 'organizations:ListAccounts')
    throw new OrganizationsError(400, 'UnknownOperationException', `Unknown operation ${operation}`);
  const inOrganization = organization?.accounts.some((a) => a.accountId === caller.accountId);
  if (!organization || !inOrganization)
    throw new OrganizationsError(
      400,
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
    );
  if (caller.accountId !== organization.managementAccountId) throw organizationsAccessDenied();
  return listAccounts(organization, parseBody(body));
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body || '{}');
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new OrganizationsError(400, 'SerializationException', 'Malformed JSON body');
}

function listAccounts(organization: AwsOrganization, input: Record<string, unknown>) {
  const max = input.MaxResults ?? MAX_RESULTS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
    throw new OrganizationsError(
      400,
      'InvalidInputException',
      `1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS}`,
    );
  const start = offsetOf(input.NextToken);
  const page = organization.accounts.slice(start, start + max);
  const end = start + page.length;
  return {
    Accounts: page.map((a) => accountOf(organization, a)),
    ...(end < organization.accounts.length ? { NextToken: Buffer.from(`accounts:${end}`).toString('base64') } : {}),
  };
}

function offsetOf(token: unknown): number {
  if (token === undefined || token === null) return 0;
  const m = typeof token === 'string' ? /^accounts:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8')) : null;
  if (!m) throw new OrganizationsError(400, 'InvalidInputException', 'You specified an invalid value for nextToken.');
  return Number(m[1]);
}

/** One Account as ListAccounts returns it: timestamps as awsJson epoch seconds; Status mirrors State (retiring). */
function accountOf(organization: AwsOrganization, a: AwsOrganizationAccount) {
  return {
    Id: a.accountId,
    Arn: `arn:aws:organizations::${organization.managementAccountId}:account/${organization.id}/${a.accountId}`,
    Email: a.email,
    Name: a.name,
    Status: a.state,
    State: a.state,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: Date.parse(a.joinedTimestamp) / 1000,
  };
}
