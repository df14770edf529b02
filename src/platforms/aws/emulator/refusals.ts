import type { FastifyRequest } from 'fastify';
import type { AwsAccount } from '../estate/types.js';
import { IamError } from './account.js';

/**
 * IAM's refusals as the real service words them, for denied actions (`control.denied`) and the kit's endpoint faults:
 * 403 AccessDenied "User: <caller arn> is not authorized to perform: iam:<Action> on resource: <arn or *> because no
 * identity-based policy allows the iam:<Action> action" (the implicit-deny wording of the IAM User Guide), and 404
 * NoSuchEntity naming the user or role.
 */

/** The IAM user the emulator's access keys belong to (each account's scanner). */
export const SCANNER_USER = 'steward-scanner';

/** The awsQuery parameters of a request: the form body of a POST, the query string of a GET. */
export function queryParams(request: FastifyRequest): URLSearchParams {
  const body = typeof request.body === 'string' ? request.body : '';
  return new URLSearchParams(request.method === 'GET' ? (request.url.split('?')[1] ?? '') : body);
}

/** The IAM-policy prefix of an awsQuery request's service, by its Version (STS shares the endpoint). */
function servicePrefix(p: URLSearchParams): string {
  return p.get('Version') === '2011-06-15' ? 'sts' : 'iam';
}

/** '<service>:<Action>' of a request, as sources declare their endpoints; undefined before the body is parsed. */
export function operationOf(request: FastifyRequest): string | undefined {
  const p = queryParams(request);
  const action = p.get('Action');
  return action ? `${servicePrefix(p)}:${action}` : undefined;
}

/** The access key id of a SigV4 Authorization header (Credential=AKIA.../date/region/iam/aws4_request). */
export function accessKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return /Credential=([^/,\s]+)\//.exec(typeof header === 'string' ? header : '')?.[1];
}

/** The resource an action is asked about: the named user's or role's ARN, else "*" (account-wide actions). */
function resourceOf(account: AwsAccount | undefined, p: URLSearchParams): string {
  const id = account?.accountId ?? '000000000000';
  const userName = p.get('UserName');
  if (userName) {
    const path = account?.users.find((u) => u.userName === userName)?.path ?? '/';
    return `arn:aws:iam::${id}:user${path}${userName}`;
  }
  const roleName = p.get('RoleName');
  if (roleName) {
    const path = account?.roles.find((r) => r.roleName === roleName)?.path ?? '/';
    return `arn:aws:iam::${id}:role${path}${roleName}`;
  }
  return '*';
}

export function accessDenied(account: AwsAccount | undefined, p: URLSearchParams): IamError {
  const action = `${servicePrefix(p)}:${p.get('Action') ?? ''}`;
  const caller = `arn:aws:iam::${account?.accountId ?? '000000000000'}:user/${SCANNER_USER}`;
  return new IamError(
    403,
    'AccessDenied',
    `User: ${caller} is not authorized to perform: ${action} on resource: ${resourceOf(account, p)} because no identity-based policy allows the ${action} action`,
  );
}

export function noSuchEntity(p: URLSearchParams): IamError {
  const userName = p.get('UserName');
  const roleName = p.get('RoleName');
  const message = userName
    ? `The user with name ${userName} cannot be found.`
    : roleName
      ? `The role with name ${roleName} cannot be found.`
      : 'The request was rejected because it referenced a resource entity that does not exist. The error message describes the resource.';
  return new IamError(404, 'NoSuchEntity', message);
}

/** One denied call: every call of `action`, or only those about `userName` (a per-user Deny). */
export interface DeniedCall {
  /** The IAM action without prefix: 'ListAccessKeys'. */
  action: string;
  userName?: string;
}

export function isDenied(denied: readonly DeniedCall[], p: URLSearchParams): boolean {
  const action = p.get('Action');
  return denied.some((d) => d.action === action && (d.userName === undefined || d.userName === p.get('UserName')));
}
