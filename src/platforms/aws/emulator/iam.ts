import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AwsEstateData } from '../estate/types.js';
import { AccountView, type ActionFn, type AwsEmulatorControl, IamError } from './account.js';
import { AUTHORIZATION_DETAILS_ACTIONS } from './authorization-details.js';
import { CREDENTIAL_REPORT_ACTIONS } from './credential-report.js';
import { IDENTITY_PROVIDER_ACTIONS } from './identity-providers.js';
import { SERVICE_CREDENTIAL_ACTIONS } from './service-credentials.js';
import { POLICY_ACTIONS } from './policies.js';
import { ROLE_ACTIONS } from './roles.js';
import { accessDenied, isDenied, queryParams } from './refusals.js';
import { verifySigV4 } from './sigv4.js';
import { USER_ACTIONS } from './users.js';
import { errorResponse, queryResponse } from './xml.js';

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
};

/** The IAM actions the emulator answers (declared source endpoints must be among them). */
export const IAM_ACTIONS: readonly string[] = Object.keys(ACTIONS);

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
      if (params.get('Version') !== '2010-05-08')
        throw new IamError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        );
      const fn = ACTIONS[action];
      if (!fn) throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
      if (isDenied(control.denied, params)) throw accessDenied(view.account, params);
      const result = fn(view, params, control, data);
      return reply(res, 200, queryResponse(action, result, requestId));
    } catch (error) {
      if (error instanceof IamError)
        return reply(res, error.status, errorResponse(error.type, error.code, error.message, requestId));
      throw error;
    }
  };
  app.post('/', handler);
  app.get('/', handler);
}
