import { silentLogger } from '../../../lib/logger.js';
import type { ActionContext } from '../../../remediation/action.js';
import type { ScanContext } from '../../../sync/connector.js';
import { createClient, type SalesforceClient } from '../connector/client.js';
import type { SalesforceOptions } from '../connector/options.js';

/** The connector's REST client (token, timeouts, 5xx retries, Salesforce's error array), one per tenant options. */
const clients = new WeakMap<object, SalesforceClient>();
export function salesforce(ctx: ActionContext, tenant: string): SalesforceClient {
  const options = ctx.options as SalesforceOptions;
  let client = clients.get(options);
  if (!client) {
    const scan = {
      platform: 'salesforce',
      tenant,
      scope: null,
      options,
      signal: ctx.signal ?? new AbortController().signal,
      log: silentLogger,
      metrics: { apiCall() {}, page() {}, retry() {} },
    } as unknown as ScanContext<SalesforceOptions>;
    client = createClient(options, scan);
    clients.set(options, client);
  }
  client.transport.signal = ctx.signal;
  return client;
}

/** `/services/data/vXX.X` of the tenant's configured API version. */
export const dataPath = (ctx: ActionContext): string =>
  `/services/data/v${(ctx.options as SalesforceOptions).apiVersion}`;

/** The rows of a query the actions make (one user, one token: never more than one page). */
export async function rows<T>(ctx: ActionContext, tenant: string, soql: string): Promise<T[]> {
  const page = await salesforce(ctx, tenant).api.query<T>(soql);
  return Array.isArray(page?.records) ? page.records : [];
}
