import { silentLogger } from '../../../lib/logger.js';
import type { ActionContext } from '../../../remediation/action.js';
import type { ScanContext } from '../../../sync/connector.js';
import { createClient, type GitHubClient } from '../connector/client.js';
import type { GitHubOptions } from '../connector/options.js';

/** The connector's Octokit (auth, retries, rate limits, timeouts), one per tenant options object. */
const clients = new WeakMap<object, GitHubClient>();

export function octokit(ctx: ActionContext, tenant: string): GitHubClient {
  const options = ctx.options as GitHubOptions;
  let client = clients.get(options);
  if (!client) {
    const scan = {
      platform: 'github',
      tenant,
      scope: null,
      options,
      signal: ctx.signal ?? new AbortController().signal,
      log: silentLogger,
      metrics: { apiCall() {}, page() {}, retry() {} },
      keepRaw: null,
    } as unknown as ScanContext<GitHubOptions>;
    client = createClient(options, scan);
    clients.set(options, client);
  }
  return client;
}
