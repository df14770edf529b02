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
import { USER_ACTIONS } from './users.js';
import { STS_ACTIONS, STS_NAMESPACE, STS_VERSION } from './sts.js';
import { errorResponse, IAM_NAMESPACE, queryResponse } from './xml.js';

export type { AwsEmulatorControl } from './account.js';

/** An emulator login: the access key the scanner signs with, and the account it opens. */
export interface AwsEmulatorCredential {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

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
};

/** The IAM actions the emulator answers (declared source endpoints must be among them). */
export const IAM_ACTIONS: readonly string[] = Object.keys(ACTIONS);

/** Every operation the emulator answers, as an IAM policy names it (declared source endpoints must be among them). */
export const EMULATED_OPERATIONS: readonly string[] = [
  ...IAM_ACTIONS.map((a) => `iam:${a}`),
  ...Object.keys(STS_ACTIONS).map((a) => `sts:${a}`),
  ...Object.keys(ACCESS_ANALYZER_OPERATIONS).map((a) => `access-analyzer:${a}`),
];

/** The awsQuery services on this endpoint, by the Version a request names: their actions and XML namespace. */
const SERVICES: Record<string, { actions: Record<string, ActionFn>; namespace: string }> = {
  '2010-05-08': { actions: ACTIONS, namespace: IAM_NAMESPACE },
  [STS_VERSION]: { actions: STS_ACTIONS, namespace: STS_NAMESPACE },
};

export function registerIamRoutes(
  app: FastifyInstance,
  data: AwsEstateData,
  credentials: AwsEmulatorCredential[],
  control: AwsEmulatorControl,
): void {
  const views = new Map(data.accounts.map((a) => [a.accountId, new AccountView(a, data.awsManagedPolicies)]));
  const byKey = new Map(credentials.map((c) => [c.accessKeyId, c]));

  const reply = (res: FastifyReply, status: number, body: string) =>
    res.code(status).header('content-type', 'text/xml').header('x-amzn-requestid', randomUUID()).send(body);

  const handler = async (request: FastifyRequest, res: FastifyReply) => {
    const requestId = randomUUID();
    const body = typeof request.body === 'string' ? request.body : '';
    const auth = verifySigV4(
      { method: request.method, url: request.url, headers: request.headers, body },
      (id) => byKey.get(id)?.secretAccessKey,
    );
    if (!auth.ok) return reply(res, auth.status, errorResponse('Sender', auth.code, auth.message, requestId));
    const view = views.get(byKey.get(auth.accessKeyId)!.accountId);
    const params = queryParams(request);
    const action = params.get('Action') ?? '';
    control.actionCounts.set(action, (control.actionCounts.get(action) ?? 0) + 1);
    try {
      if (!view)
        throw new IamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      const version = params.get('Version') ?? 'NO_VERSION_SPECIFIED';
      const fn = SERVICES[version]?.actions[action];
      if (!fn) throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version ${version}`);
      if (isDenied(control.denied, params)) throw accessDenied(view.account, params);
      const result = fn(view, params, control, data);
      return reply(res, 200, queryResponse(action, result, requestId, SERVICES[version].namespace));
    } catch (error) {
      if (error instanceof IamError)
        return reply(res, error.status, errorResponse(error.type, error.code, error.message, requestId));
      throw error;
    }
  };
  app.post('/', handler);
  app.get('/', handler);
  registerAccessAnalyzerRoutes(
    app,
    (request, body) =>
      authenticateRest(
        request,
        body,
        (id) => byKey.get(id)?.secretAccessKey,
        (id) => views.get(byKey.get(id)?.accountId ?? '')?.account,
      ),
    (operation) => control.denied.some((d) => d.action === operation),
    (operation) => control.actionCounts.set(operation, (control.actionCounts.get(operation) ?? 0) + 1),
  );
}
