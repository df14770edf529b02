import { iam, type iam_v1 } from '@googleapis/iam';
import type { ActionContext } from '../../../remediation/action.js';
import type { ScanContext } from '../../../sync/connector.js';
import { actionScanContext } from '../../action-clients.js';
import { authFor, GoogleCalls, type WorkspaceClients, workspaceClients } from '../connector/client.js';
import type { GoogleOptions } from '../connector/options.js';

/**
 * The clients the Google actions call through: the connector's own (google-auth-library credentials from the same
 * options, the official @googleapis/iam and @googleapis/admin clients, GoogleCalls' retries on 429/403 rate limits
 * and 5xx, attempt timeouts, VendorCallErrors naming the method), one set per tenant options object so a plan's
 * items share their token.
 */
export interface ActionClients {
  options: GoogleOptions;
  /** What the connector's helpers (users.listUsers) take: these options, no-op metrics, a silent log. */
  scan: ScanContext<GoogleOptions>;
  calls: GoogleCalls;
  iam(): Promise<iam_v1.Iam>;
  workspace(): Promise<WorkspaceClients>;
}

const cache = new WeakMap<object, ActionClients>();

export function googleClients(ctx: ActionContext, tenant: string): ActionClients {
  const options = ctx.options as GoogleOptions;
  let clients = cache.get(options);
  if (!clients) {
    const scan = actionScanContext<GoogleOptions>('google', tenant, ctx);
    const root = options.rootUrl ? { rootUrl: options.rootUrl } : {};
    let cloud: Promise<iam_v1.Iam> | null = null;
    let ws: Promise<WorkspaceClients> | null = null;
    clients = {
      options,
      scan,
      calls: new GoogleCalls(scan),
      iam: () => {
        cloud ??= authFor(options, 'cloud').then((auth) => iam({ version: 'v1', auth: auth as never, ...root }));
        return cloud;
      },
      workspace: () => {
        if (!options.subject)
          throw new Error('google: options.subject (the Workspace admin to impersonate) is required for tokens.delete');
        ws ??= authFor(options, 'workspace').then((auth) => workspaceClients(auth, options));
        return ws;
      },
    };
    cache.set(options, clients);
  }
  return clients;
}

export const signalOf = (ctx: ActionContext): AbortSignal => ctx.signal ?? new AbortController().signal;
