import { cloudresourcemanager, type cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import { iam, type iam_v1 } from '@googleapis/iam';
import type { ScanContext } from '../../../sync/connector.js';
import { authFor, GoogleCalls } from './client.js';
import type { AuthorizedRequest } from './last-authentication.js';
import type { GoogleOptions } from './options.js';

/** Policy Analyzer's own host: it has no generated npm client, so its root is named here. */
export const POLICY_ANALYZER_ROOT = 'https://policyanalyzer.googleapis.com/';

/**
 * The Cloud part's clients: the official @googleapis/iam (v1) and @googleapis/cloudresourcemanager (v3) clients,
 * and the authorized client's `request()` for Policy Analyzer, all with the cloud-platform scope and one root URL
 * when the options name one (the emulator). Every call goes through `calls` (client.ts: metrics, retries, errors).
 */
export interface CloudClients {
  iam: iam_v1.Iam;
  crm: cloudresourcemanager_v3.Cloudresourcemanager;
  request: AuthorizedRequest;
  policyAnalyzerRoot: string;
  calls: GoogleCalls;
}

export async function cloudClients(ctx: ScanContext<GoogleOptions>): Promise<CloudClients> {
  const auth = await authFor(ctx.options, 'cloud');
  const rootUrl = ctx.options.rootUrl;
  const root = rootUrl ? { rootUrl } : {};
  return {
    iam: iam({ version: 'v1', auth: auth as never, ...root }),
    crm: cloudresourcemanager({ version: 'v3', auth: auth as never, ...root }),
    request: (options) => auth.request(options),
    policyAnalyzerRoot: rootUrl ?? POLICY_ANALYZER_ROOT,
    calls: new GoogleCalls(ctx),
  };
}
