import { silentLogger } from '../../../lib/logger.js';
import type { ActionContext, ActionTarget, RemediationAction } from '../../../remediation/action.js';
import type { ScanContext } from '../../../sync/connector.js';
import { SlackClient } from '../connector/client.js';
import type { SlackOptions } from '../connector/options.js';
import type { SlackAuthTest } from '../connector/wire.js';

type Resolution = 'approved' | 'restricted';
type Scope = { team_id: string } | { enterprise_id: string };

/** The connector's SDK client (token, retries, 429 handling, timeouts), one per tenant options object. */
const clients = new WeakMap<object, SlackClient>();
function slack(ctx: ActionContext, tenant: string): SlackClient {
  const options = ctx.options as SlackOptions;
  let client = clients.get(options);
  if (!client) {
    const scan = {
      platform: 'slack',
      tenant,
      options,
      log: silentLogger,
      keepRaw() {},
      metrics: { apiCall() {}, page() {}, retry() {} },
    } as unknown as ScanContext<SlackOptions>;
    client = new SlackClient(scan);
    clients.set(options, client);
  }
  return client;
}

const signalOf = (ctx: ActionContext): AbortSignal => ctx.signal ?? new AbortController().signal;

/**
 * Where the resolution is set, by the scan's rule: the app's own workspace (team_id) when Slack listed one, else the
 * tenant's `teamId` option, else the whole org (auth.test enterprise_id). A workspace on another plan has no
 * admin.apps.* at all: refused here, before any write, with the reason.
 */
async function scopeOf(ctx: ActionContext, t: ActionTarget, method: string): Promise<Scope> {
  const options = ctx.options as SlackOptions;
  const team = t.params.teamId || options.teamId;
  const notGrid = (why: string) =>
    new Error(
      `Slack ${t.tenant}: ${method} exists only on Enterprise Grid (${why}); an app on another plan cannot be ` +
        'approved or restricted through the API — an admin removes it in the workspace settings',
    );
  if (options.plan === 'standard') throw notGrid('option plan: standard');
  if (team) return { team_id: team };
  const auth = (await slack(ctx, t.tenant).call('auth.test', signalOf(ctx), (web) => web.auth.test())) as SlackAuthTest;
  if (!auth.enterprise_id) throw notGrid('auth.test answered no enterprise_id');
  return { enterprise_id: auth.enterprise_id };
}

/** Is the app on the list of `resolution` (admin.apps.approved.list / .restricted.list, every page)? */
async function listed(ctx: ActionContext, t: ActionTarget, resolution: Resolution): Promise<boolean> {
  const method = resolution === 'approved' ? 'admin.apps.approved.list' : 'admin.apps.restricted.list';
  const key = resolution === 'approved' ? 'approved_apps' : 'restricted_apps';
  const scope = await scopeOf(ctx, t, method);
  const pages = slack(ctx, t.tenant).pages<{ app?: { id?: string } }>(
    method,
    { ...scope, limit: (ctx.options as SlackOptions).appsPageSize },
    key,
    signalOf(ctx),
  );
  for await (const page of pages) if (page.some((entry) => entry.app?.id === t.params.appId)) return true;
  return false;
}

/**
 * An Enterprise Grid app resolution (admin.apps.approve / admin.apps.restrict, @slack/web-api): a restricted app
 * cannot be installed anywhere in the org, and an org-level restriction voids workspace approvals. Restricting does
 * NOT uninstall the app: its existing installations and tokens keep working (Slack's documented behaviour).
 */
export function appResolutionAction(spec: {
  id: string;
  title: string;
  to: Resolution;
  inverse: string;
}): RemediationAction {
  const method = spec.to === 'approved' ? 'admin.apps.approve' : 'admin.apps.restrict';
  const from: Resolution = spec.to === 'approved' ? 'restricted' : 'approved';
  return {
    id: spec.id,
    title: spec.title,
    platform: 'slack',
    nativeTypes: ['app'],
    permission:
      'admin.apps:write (verify: admin.apps:read), a user token of an Enterprise Grid Org Owner/Admin installed on the whole org',
    inverse: spec.inverse,
    // Restricting blocks future installs only: existing installations keep their tokens, so it breaks nothing in use
    // and is no revoke (vendor-incident mode, which proposes disruptive actions, must not count it as one).
    disruptive: false,
    targets: (identity) =>
      identity.attributes.status !== from
        ? []
        : [
            {
              platform: identity.platform,
              tenant: identity.tenant,
              identityId: identity.id,
              credentialId: null,
              label: `${identity.name} (app ${identity.nativeId})`,
              params: {
                appId: identity.nativeId,
                ...(typeof identity.attributes.teamId === 'string' ? { teamId: identity.attributes.teamId } : {}),
              },
            },
          ],
    describe: (t) => ({
      calls: [
        {
          method: 'POST',
          path: `/api/${method}`,
          body: {
            app_id: t.params.appId,
            ...(t.params.teamId
              ? { team_id: t.params.teamId }
              : { enterprise_id: "(auth.test's enterprise_id; team_id instead when the option teamId is set)" }),
          },
        },
      ],
      changes: [{ field: 'status', before: from, after: spec.to }],
    }),
    apply: async (ctx, t) => {
      const scope = await scopeOf(ctx, t, method);
      const args = { app_id: t.params.appId, ...scope } as never;
      await slack(ctx, t.tenant).call(method, signalOf(ctx), (web) =>
        spec.to === 'approved' ? web.admin.apps.approve(args) : web.admin.apps.restrict(args),
      );
    },
    verify: async (ctx, t) => {
      const seen = await listed(ctx, t, spec.to);
      return { ok: seen, observed: seen ? `on the ${spec.to} list` : `not on the ${spec.to} list` };
    },
  };
}
