import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { ScanMetrics } from '../../../sync/connector.js';
import type { SessionCredentials } from './assume-role.js';
import type { AwsOptions } from './options.js';
import { ScanRetryStrategy } from './retry.js';

/**
 * An IAMClient whose every HTTP attempt is counted: the middleware sits in the deserialize step, inside the
 * SDK's retry loop, so retries are seen too (the retry strategy stamps `amz-sdk-request: attempt=N`).
 *
 * Per-call cost matters here (one ListAccessKeys per user with a key: ~90k calls at 1M NHIs), so:
 * - `cacheMiddleware`: the SDK builds a command's middleware chain once per command class instead of on every
 *   `send` (it does so only for sends without per-call options, which is how the scan calls ListAccessKeys);
 * - the SDK's logger middleware is removed: with no logger configured the SDK still runs every response through
 *   its sensitive-data filter (a deep copy of the output, a whole GetAccountAuthorizationDetails page included)
 *   to hand it to a no-op logger. Steward logs calls itself (metrics above, errors from the scan).
 * Keep-alive is the SDK's default (its Node handler's agent has `keepAlive: true`, 50 sockets); the scan runs at
 * most `concurrency` requests at a time (plus one GetAccountAuthorizationDetails prefetch).
 *
 * Every request ends within `requestTimeoutMs` (the Node handler's requestTimeout, thrown as a TimeoutError, and the
 * same bound on connecting); retries follow ScanRetryStrategy (throttling up to `maxAttempts`, network errors,
 * timeouts and 5xx three times); and every error leaves the client naming its call (`details.call`:
 * 'iam:ListAccessKeys') and IAM's error Code, which describeFailure (src/sync/failure.ts) reports.
 */
export function createIamClient(options: AwsOptions, metrics: ScanMetrics, session?: SessionCredentials): IAMClient {
  return instrument(new IAMClient({ ...clientConfig(options, session), cacheMiddleware: true }), 'iam', metrics);
}

/**
 * The STS client (GetCallerIdentity), configured and counted like the IAM client. Without `session` it signs with
 * the tenant's own credentials (a member account's job: the management account's, which AssumeRole needs).
 */
export function createStsClient(options: AwsOptions, metrics: ScanMetrics, session?: SessionCredentials): STSClient {
  return instrument(new STSClient(clientConfig(options, session)), 'sts', metrics);
}

/** The IAM Access Analyzer client (restJson1), configured and counted like the IAM client. */
export function createAccessAnalyzerClient(
  options: AwsOptions,
  metrics: ScanMetrics,
  session?: SessionCredentials,
): AccessAnalyzerClient {
  return instrument(new AccessAnalyzerClient(clientConfig(options, session)), 'access-analyzer', metrics);
}

/** The AWS Organizations client (awsJson1_1: ListAccounts), with the tenant's own credentials. */
export function createOrganizationsClient(options: AwsOptions, metrics: ScanMetrics): OrganizationsClient {
  return instrument(new OrganizationsClient(clientConfig(options)), 'organizations', metrics);
}

/**
 * Region, endpoint override (every service the connector calls: an emulator serves them all), credentials (a member
 * account's session when given), budgets.
 */
export function clientConfig(options: AwsOptions, session?: SessionCredentials) {
  return {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(session
      ? { credentials: session }
      : options.accessKeyId && options.secretAccessKey
        ? {
            credentials: {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
              ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
            },
          }
        : {}),
    maxAttempts: options.maxAttempts,
    retryStrategy: new ScanRetryStrategy(options.maxAttempts),
    requestHandler: {
      requestTimeout: options.requestTimeoutMs,
      connectionTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

interface Instrumentable {
  middlewareStack: {
    remove(name: string): boolean;
    // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types differ per client; the shape is shared
    add(middleware: any, options: any): void;
  };
}

/** Counts every HTTP attempt and names the call (`<service>:<Action>`) on every error a client throws. */
function instrument<C extends Instrumentable>(client: C, service: string, metrics: ScanMetrics): C {
  client.middlewareStack.remove('loggerMiddleware');
  client.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: see Instrumentable
    (next: any, context: { commandName?: string }) => async (args: { request: unknown }) => {
      const request = args.request as { headers?: Record<string, string> };
      const attempt = Number(/attempt=(\d+)/.exec(request.headers?.['amz-sdk-request'] ?? '')?.[1] ?? '1');
      const command = context.commandName ?? 'unknown';
      metrics.apiCall(command);
      if (attempt > 1) metrics.retry(`${command} attempt ${attempt}`);
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'stewardRequestMetrics' },
  );
  client.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: see Instrumentable
    (next: any, context: { commandName?: string }) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        throw namedCall(error, service, context.commandName);
      }
    },
    // Outermost: sees the call's final error, after the SDK's retries.
    { step: 'initialize', priority: 'high', name: 'stewardCallDetails' },
  );
  return client;
}

/**
 * Adds `details` ({ call: 'iam:<Action>', vendorCode: IAM's error Code }) to an error in place: wrapping it would
 * hide the SDK error's name and Code from callers that branch on them (credential-report.ts).
 */
function namedCall(error: unknown, service: string, commandName: string | undefined): unknown {
  if (!error || typeof error !== 'object' || 'details' in error) return error;
  // awsQuery errors carry IAM's/STS's Code; restJson1 ones (Access Analyzer) only the exception name.
  const code =
    (error as { Code?: unknown }).Code ?? ('$metadata' in error ? (error as { name?: string }).name : undefined);
  const action = (commandName ?? 'unknown').replace(/Command$/, '');
  Object.assign(error, {
    details: { call: `${service}:${action}`, ...(typeof code === 'string' ? { vendorCode: code } : {}) },
  });
  return error;
}
