import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AwsEstateData } from '../estate/types.js';
import { ACCESS_ANALYZER_OPERATIONS, authenticateRest, registerAccessAnalyzerRoutes } from './access-analyzer.js';
import { AccountView, type ActionFn, type AwsEmulatorControl, IamError } from './account.js';
import { AUTHORIZATION_DETAILS_ACTIONS } from './authorization-details.js';
import { CREDENTIAL_REPORT_ACTIONS } from './credential-report.js';
import { IDENTITY_PROVIDER_ACTIONS } from './identity-providers.js';
import { SERVICE_CREDENTIAL_ACTIONS } from './service-credentials.js';
import { SERVICE_LAST_ACCESSED_ACTIONS } from './service-last-accessed.js';
import { SIGNING_CERTIFICATE_ACTIONS, SSH_KEY_ACTIONS } from './ssh-keys.js';
import { POLICY_ACTIONS } from './policies.js';
import { ROLE_ACTIONS } from './roles.js';
import { accessDenied, isDenied, queryParams } from './refusals.js';
import { verifySigV4 } from './sigv4.js';
import { answerCloudTrail, cloudTrailOperation, isTrailDenied } from './cloudtrail.js';
import { USER_ACTIONS } from './users.js';
import { WRITE_ACTIONS } from './writes.js';
import { POLICY_WRITE_ACTIONS } from './policy-writes.js';
import { STS_ACTIONS, STS_NAMESPACE, STS_VERSION } from './sts.js';
import type { Caller, Keyring } from './keys.js';
import {
  ORGANIZATIONS_OPERATIONS,
  OrganizationsError,
  organizationsAccessDenied,
  organizationsAnswer,
  organizationsOperation,
  sendOrganizationsError,
} from './organizations.js';
import { errorResponse, IAM_NAMESPACE, queryResponse } from './xml.js';

export type { AwsEmulatorControl } from './account.js';

export type { AwsEmulatorCredential } from './keys.js';

/** Every IAM action the emulator answers, one module per resource. */
const ACTIONS: Record<string, ActionFn> = {
  ListAccountAliases: (v) => ({ AccountAliases: [v.account.alias], IsTruncated: false }),
  ...USER_ACTIONS,
  ...ROLE_ACTIONS,
  ...POLICY_ACTIONS,
  ...AUTHORIZATION_DETAILS_ACTIONS,
  ...CREDENTIAL_REPORT_ACTIONS,
  ...IDENTITY_PROVIDER_ACTIONS,
  ...SERVICE_CREDENTIAL_ACTIONS,
  ...SSH_KEY_ACTIONS,
  ...SIGNING_CERTIFICATE_ACTIONS,
  ...SERVICE_LAST_ACCESSED_ACTIONS,
  ...WRITE_ACTIONS,
  ...POLICY_WRITE_ACTIONS,
};

/** The IAM actions the emulator answers (declared source endpoints must be among them). */
export const IAM_ACTIONS: readonly string[] = Object.keys(ACTIONS);

/** Every operation the emulator answers, as an IAM policy names it (declared source endpoints must be among them). */
export const EMULATED_OPERATIONS: readonly string[] = [
  ...IAM_ACTIONS.map((a) => `iam:${a}`),
  ...Object.keys(STS_ACTIONS).map((a) => `sts:${a}`),
  ...ORGANIZATIONS_OPERATIONS.map((a) => `organizations:${a}`),
  ...Object.keys(ACCESS_ANALYZER_OPERATIONS).map((a) => `access-analyzer:${a}`),
];

const IAM_VERSION = '2010-05-08';

/** What every request handler shares. */
interface Served {
  data: AwsEstateData;
  views: Map<string, AccountView>;
  keyring: Keyring;
  control: AwsEmulatorControl;
}

export function registerIamRoutes(
  app: FastifyInstance,
  data: AwsEstateData,
  keyring: Keyring,
  control: AwsEmulatorControl,
): void {
  const views = new Map(data.accounts.map((a) => [a.accountId, new AccountView(a, data.awsManagedPolicies)]));
  const served: Served = { data, views, keyring, control };
  const handler = async (request: FastifyRequest, res: FastifyReply) => {
    const body = typeof request.body === 'string' ? request.body : '';
    const target = organizationsOperation(request.headers['x-amz-target']);
    const auth = authenticate(request, body, keyring);
    if (target) return answerOrganizations(res, target, body, auth, served);
    const trail = cloudTrailOperation(request.headers['x-amz-target']);
    if (trail) return answerCloudTrail(res, trail, body, auth, control.cloudTrail ?? [], isTrailDenied(control, trail));
    if ('status' in auth)
      return replyXml(res, auth.status, errorResponse('Sender', auth.code, auth.message, randomUUID()));
    return answerQuery(request, res, auth, served);
  };
  app.post('/', handler);
  app.get('/', handler);
  registerAccessAnalyzerRoutes(
    app,
    (request, body) =>
      authenticateRest(
        request,
        body,
        keyring.secretOf,
        (id) => views.get(keyring.callerOf(id)?.accountId ?? '')?.account,
      ),
    (operation) => control.denied.some((d) => d.action === operation),
    (operation) => control.actionCounts.set(operation, (control.actionCounts.get(operation) ?? 0) + 1),
  );
}

const replyXml = (res: FastifyReply, status: number, body: string) =>
  res.code(status).header('content-type', 'text/xml').header('x-amzn-requestid', randomUUID()).send(body);

type Refusal = { status: number; code: string; message: string };

/** The signer of a request (SigV4; a session key also needs its token, unexpired), or how AWS refuses it. */
function authenticate(request: FastifyRequest, body: string, keyring: Keyring): Caller | Refusal {
  const auth = verifySigV4(
    { method: request.method, url: request.url, headers: request.headers, body },
    keyring.secretOf,
  );
  if (!auth.ok) return auth;
  const token = request.headers['x-amz-security-token'];
  const problem = keyring.sessionProblem(auth.accessKeyId, typeof token === 'string' ? token : undefined);
  if (problem === 'expired')
    return { status: 400, code: 'ExpiredToken', message: 'The security token included in the request is expired' };
  const caller = keyring.callerOf(auth.accessKeyId);
  if (problem === 'invalid' || !caller)
    return {
      status: 403,
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    };
  return caller;
}

function answerOrganizations(
  res: FastifyReply,
  operation: string,
  body: string,
  auth: Caller | Refusal,
  served: Served,
) {
  const name = operation.slice('organizations:'.length);
  served.control.actionCounts.set(name, (served.control.actionCounts.get(name) ?? 0) + 1);
  try {
    if ('status' in auth) throw new OrganizationsError(auth.status, auth.code, auth.message);
    if (served.control.denied.some((d) => d.action === name)) throw organizationsAccessDenied();
    const out = organizationsAnswer(operation, body, auth, served.data.organization);
    return res
      .code(200)
      .header('content-type', 'application/x-amz-json-1.1')
      .header('x-amzn-requestid', randomUUID())
      .send(JSON.stringify(out));
  } catch (error) {
    if (error instanceof OrganizationsError) return sendOrganizationsError(res, error);
    throw error;
  }
}

/** An awsQuery request (IAM or STS, by its Version), answered for the caller's account. */
function answerQuery(request: FastifyRequest, res: FastifyReply, caller: Caller, served: Served) {
  const requestId = randomUUID();
  const { control, views } = served;
  const view = views.get(caller.accountId);
  const params = queryParams(request);
  const action = params.get('Action') ?? '';
  control.actionCounts.set(action, (control.actionCounts.get(action) ?? 0) + 1);
  try {
    if (!view)
      throw new IamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    const version = params.get('Version') ?? 'NO_VERSION_SPECIFIED';
    const sts = version === STS_VERSION ? STS_ACTIONS[action] : undefined;
    const iam = version === IAM_VERSION ? ACTIONS[action] : undefined;
    if (!sts && !iam)
      throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version ${version}`);
    if (isDenied(control.denied, params)) throw accessDenied(view.account, params);
    const result = sts ? sts(params, caller, served) : iam!(view, params, control, served.data);
    const namespace = sts ? STS_NAMESPACE : IAM_NAMESPACE;
    return replyXml(res, 200, queryResponse(action, result, requestId, namespace));
  } catch (error) {
    if (error instanceof IamError)
      return replyXml(res, error.status, errorResponse(error.type, error.code, error.message, requestId));
    throw error;
  }
}
