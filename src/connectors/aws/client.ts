import { IAMClient } from '@aws-sdk/client-iam';
import type { ScanMetrics } from '../runtime/connector.js';
import type { AwsOptions } from './options.js';

/**
 * An IAMClient whose every HTTP attempt is counted: the middleware sits in the deserialize step, inside the
 * SDK's retry loop, so retries are seen too (the retry strategy stamps `amz-sdk-request: attempt=N`).
 */
export function createIamClient(options: AwsOptions, metrics: ScanMetrics): IAMClient {
  const client = new IAMClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) } }
      : {}),
    maxAttempts: options.maxAttempts,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      const attempt = Number(/attempt=(\d+)/.exec(request.headers?.['amz-sdk-request'] ?? '')?.[1] ?? '1');
      const command = (context as { commandName?: string }).commandName ?? 'unknown';
      metrics.apiCall(command);
      if (attempt > 1) metrics.retry(`${command} attempt ${attempt}`);
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'stewardRequestMetrics' },
  );
  return client;
}
