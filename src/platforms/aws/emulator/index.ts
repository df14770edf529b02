import { randomBytes, randomUUID } from 'node:crypto';
import { accessKeyId, Keyring } from './keys.js';
import {
  OrganizationsError,
  organizationsAccessDenied,
  organizationsOperation,
  sendOrganizationsError,
} from './organizations.js';
import type { AwsEstateData } from '../estate/types.js';
import {
  malformFirstJsonItem,
  startEmulator,
  type FaultInput,
  type RunningEmulator,
} from '../../../emulation/kit/index.js';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { plantedRecords } from '../../../emulation/estate/activity.js';
import { registerIamRoutes, type AwsEmulatorControl, type AwsEmulatorCredential } from './iam.js';
import { AnalyzerError, accessAnalyzerOperation, analyzerAccessDenied, sendAnalyzerError } from './access-analyzer.js';
import { malformFirstMember } from './malform.js';
import { accessDenied, accessKeyOf, noSuchEntity, operationOf, queryParams } from './refusals.js';
import { errorResponse } from './xml.js';

export type { AwsEmulatorCredential, AwsEmulatorControl } from './iam.js';
export type { DeniedCall } from './refusals.js';

export interface AwsEmulator {
  emulator: RunningEmulator;
  /** One access key per account; the key used picks the account. Secrets exist only in memory and env vars. */
  credentials: AwsEmulatorCredential[];
  control: AwsEmulatorControl;
}

/**
 * One emulator serving every account of the estate: IAM and STS (awsQuery), Access Analyzer (restJson1) and, for an
 * estate with an organization, Organizations (awsJson1_1), all over one HTTP endpoint.
 */
export async function startAwsEmulator(
  data: AwsEstateData,
  options: {
    port?: number;
    faults?: FaultInput;
    reportDelayMs?: number;
    cloudTrail?: Array<Record<string, unknown>>;
  } = {},
): Promise<AwsEmulator> {
  const credentials: AwsEmulatorCredential[] = data.accounts.map((a) => ({
    accountId: a.accountId,
    accessKeyId: accessKeyId(),
    secretAccessKey: randomBytes(30).toString('base64'),
  }));
  const control: AwsEmulatorControl = {
    reportDelayMs: options.reportDelayMs ?? 0,
    actionCounts: new Map(),
    gaadFilters: [],
    denied: [],
    cloudTrail: options.cloudTrail ?? [],
  };
  const keyring = new Keyring(credentials);
  const accountOfKey = (id: string) => data.accounts.find((a) => a.accountId === keyring.callerOf(id)?.accountId);
  const emulator = await startEmulator({
    name: 'aws',
    port: options.port,
    rawBodyTypes: ['application/x-www-form-urlencoded', 'application/json', 'application/x-amz-json-1.1'],
    // awsQuery calls are POST / (endpoint faults select by the Action of the form body); Access Analyzer's are REST.
    operation: (request) =>
      organizationsOperation(request.headers['x-amz-target']) ??
      accessAnalyzerOperation(request.method, request.url) ??
      operationOf(request),
    faults: {
      refuse: (reply, status) => {
        // An injected refusal keeps the kit's status (Organizations itself answers its refusals with 400).
        if (organizationsOperation(reply.request.headers['x-amz-target']))
          return sendOrganizationsError(
            reply,
            status === 403
              ? organizationsAccessDenied(403)
              : new OrganizationsError(404, 'AccountNotFoundException', 'The account could not be found.'),
          );
        const rest = accessAnalyzerOperation(reply.request.method, reply.request.url);
        if (rest) {
          const accountId = accountOfKey(accessKeyOf(reply.request) ?? '')?.accountId ?? '000000000000';
          const operation = rest.slice('access-analyzer:'.length);
          return sendAnalyzerError(
            reply,
            status === 403
              ? analyzerAccessDenied(accountId, operation)
              : new AnalyzerError(404, 'ResourceNotFoundException', `${operation}: resource not found`),
          );
        }
        const params = queryParams(reply.request);
        const account = accountOfKey(accessKeyOf(reply.request) ?? '');
        const error = status === 403 ? accessDenied(account, params) : noSuchEntity(params);
        const requestId = randomUUID();
        return reply
          .code(error.status)
          .header('content-type', 'text/xml')
          .header('x-amzn-requestid', requestId)
          .send(errorResponse(error.type, error.code, error.message, requestId));
      },
      malformItem: (body) => (body.startsWith('{') ? malformFirstJsonItem(body) : malformFirstMember(body)),
      // IAM's rate limit: HTTP 400 with an XML Throttling error, which the SDK's standard retry strategy retries.
      throttle: (reply) =>
        organizationsOperation(reply.request.headers['x-amz-target'])
          ? sendOrganizationsError(reply, new OrganizationsError(400, 'TooManyRequestsException', 'Rate exceeded'))
          : accessAnalyzerOperation(reply.request.method, reply.request.url)
            ? sendAnalyzerError(reply, new AnalyzerError(429, 'ThrottlingException', 'Rate exceeded'))
            : reply
                .code(400)
                .header('content-type', 'text/xml')
                .send(errorResponse('Sender', 'Throttling', 'Rate exceeded', randomUUID())),
      serverError: (reply) =>
        organizationsOperation(reply.request.headers['x-amz-target'])
          ? sendOrganizationsError(reply, new OrganizationsError(500, 'ServiceException', 'Internal server error'))
          : accessAnalyzerOperation(reply.request.method, reply.request.url)
            ? sendAnalyzerError(reply, new AnalyzerError(500, 'InternalServerException', 'Internal server error'))
            : reply
                .code(500)
                .header('content-type', 'text/xml')
                .send(
                  errorResponse(
                    'Receiver',
                    'ServiceFailure',
                    'The request processing has failed because of an unknown error, exception or failure.',
                    randomUUID(),
                  ),
                ),
    },
    routes: (app) => registerIamRoutes(app, data, keyring, control),
  });
  if (options.faults) emulator.faults.set(options.faults);
  return { emulator, credentials, control };
}

/** The planted activity this emulator serves (its audit-log endpoint). */
const ACTIVITY_FORMAT = 'cloudtrail';

export const awsEmulatorPlugin: EmulatorPlugin<AwsEstateData> = {
  platform: 'aws',
  activityFormats: [ACTIVITY_FORMAT],
  async start(data, options = {}): Promise<StartedPlatform> {
    // CloudTrail serves only planted events: the estate derives none.
    const cloudTrail = plantedRecords(options.activity, ACTIVITY_FORMAT, 'Records');
    const { emulator, credentials } = await startAwsEmulator(data, { ...options, cloudTrail });
    const env: Record<string, string> = {};
    const tenants = credentials.map((c, i) => {
      const variable = `STEWARD_EMU_AWS_SECRET_${i + 1}`;
      env[variable] = c.secretAccessKey;
      return {
        platform: 'aws' as const,
        tenant: c.accountId,
        options: {
          endpoint: emulator.url,
          region: 'us-east-1',
          accessKeyId: c.accessKeyId,
          secretAccessKey: { env: variable },
          ...(data.userKeyLists ? { userKeyLists: true } : {}),
          ...(data.serviceLastAccessed ? { serviceLastAccessed: true } : {}),
        },
      };
    });
    return { emulator, tenants, env };
  },
};
