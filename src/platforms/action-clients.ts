import { silentLogger } from '../lib/logger.js';
import type { PlatformId } from '../model/index.js';
import type { ActionContext } from '../remediation/action.js';
import type { ScanContext } from '../sync/connector.js';

/**
 * What a connector's client factory reads of a scan, given to it for a remediation action: the tenant's options and
 * the action's signal. An action is no scan, so its calls are not counted and nothing is logged.
 */
export function actionScanContext<O>(platform: PlatformId, tenant: string, ctx: ActionContext): ScanContext<O> {
  return {
    platform,
    tenant,
    scope: null,
    options: ctx.options,
    signal: ctx.signal ?? new AbortController().signal,
    log: silentLogger,
    metrics: { apiCall() {}, page() {}, retry() {} },
    keepRaw: null,
  } as unknown as ScanContext<O>;
}

/** One client per tenant options object: a plan's items share its token and connections. */
export function clientPerOptions<C>(build: (ctx: ActionContext, tenant: string) => C) {
  const clients = new WeakMap<object, C>();
  return (ctx: ActionContext, tenant: string): C => {
    const key = ctx.options as object;
    let client = clients.get(key);
    if (client === undefined) {
      client = build(ctx, tenant);
      clients.set(key, client);
    }
    return client;
  };
}
