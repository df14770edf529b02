import type { ActionContext } from '../../../remediation/action.js';
import { actionScanContext, clientPerOptions } from '../../action-clients.js';
import { createClient, type SalesforceClient } from '../connector/client.js';
import type { SalesforceOptions } from '../connector/options.js';

/** The connector's REST client (token, timeouts, 5xx retries, Salesforce's error array), one per tenant options. */
const clientFor = clientPerOptions(
  (ctx, tenant): SalesforceClient =>
    createClient(ctx.options as SalesforceOptions, actionScanContext<SalesforceOptions>('salesforce', tenant, ctx)),
);

export function salesforce(ctx: ActionContext, tenant: string): SalesforceClient {
  const client = clientFor(ctx, tenant);
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

/**
 * GET of a path on the tenant's instance with the session (a Tooling API query or record). The connector's client
 * exposes GET only as `queryMore`, which takes any instance path, so the same transport (timeouts, retries, the
 * error array) serves it.
 */
export function getJson<T>(ctx: ActionContext, tenant: string, path: string): Promise<T> {
  return salesforce(ctx, tenant).api.queryMore(path) as unknown as Promise<T>;
}
