import { actionScanContext, clientPerOptions } from '../../action-clients.js';
import { createClient, type GitHubClient } from '../connector/client.js';
import type { GitHubOptions } from '../connector/options.js';

/** The connector's Octokit (auth, retries, rate limits, timeouts), one per tenant options object. */
export const octokit = clientPerOptions(
  (ctx, tenant): GitHubClient =>
    createClient(ctx.options as GitHubOptions, actionScanContext<GitHubOptions>('github', tenant, ctx)),
);
