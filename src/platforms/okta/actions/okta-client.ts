import { actionScanContext, clientPerOptions } from '../../action-clients.js';
import { createClient, type OktaClient } from '../connector/client.js';
import type { OktaOptions } from '../connector/options.js';

/** The connector's SDK client (auth, 429 handling, timeouts), one per tenant options object. */
export const okta = clientPerOptions(
  (ctx, tenant): OktaClient =>
    createClient(ctx.options as OktaOptions, actionScanContext<OktaOptions>('okta', tenant, ctx)),
);
