import type { ActionContext, ActionTarget, RemediationAction } from '../../../remediation/action.js';
import { dataPath, getJson, salesforce } from './rest.js';

/**
 * Uninstalls the managed package a third party's connected app came in: the only API way to remove such an app
 * (Packaging Guide, "Uninstall a Connected App": "you uninstall the package that the app is part of … the access and
 * refresh tokens of all the app's users are removed"). Blocking an app in Setup > Connected Apps OAuth Usage has no
 * API, and ConnectedApplication is read-only. Tooling API: find the installed package by namespace
 * (InstalledSubscriberPackage), then POST a SubscriberPackageVersionUninstallRequest (what `sf package uninstall`
 * sends) and read its Status. The uninstall also deletes the package's objects and their data.
 */

const INSTALLED_SOQL =
  'SELECT Id, SubscriberPackageId, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, ' +
  'SubscriberPackageVersionId FROM InstalledSubscriberPackage';
const REQUEST = 'SubscriberPackageVersionUninstallRequest';
const STATUS_READS = 5;

interface Installed {
  SubscriberPackageVersionId?: string | null;
  SubscriberPackage?: { NamespacePrefix?: string | null; Name?: string | null } | null;
}

const toolingQuery = (ctx: ActionContext) => `${dataPath(ctx)}/tooling/query?q=${encodeURIComponent(INSTALLED_SOQL)}`;

async function installedWith(ctx: ActionContext, t: ActionTarget): Promise<Installed[]> {
  const page = await getJson<{ records?: Installed[] }>(ctx, t.tenant, toolingQuery(ctx));
  if (!Array.isArray(page?.records))
    throw new Error('Salesforce answered the InstalledSubscriberPackage query without records');
  return page.records.filter((p) => p.SubscriberPackage?.NamespacePrefix === t.params.namespace);
}

async function uninstall(ctx: ActionContext, t: ActionTarget): Promise<void> {
  const [pkg] = await installedWith(ctx, t);
  const versionId = pkg?.SubscriberPackageVersionId;
  if (!versionId)
    throw new Error(`no installed package has the namespace ${t.params.namespace} (uninstalled already?)`);
  const path = `${dataPath(ctx)}/tooling/sobjects/${REQUEST}`;
  const created = await salesforce(ctx, t.tenant).send('POST', path, {
    json: { SubscriberPackageVersionId: versionId },
  });
  const { id } = JSON.parse(created.body) as { id?: string };
  if (!id) throw new Error(`Salesforce accepted the ${REQUEST} without an id`);
  // The uninstall runs asynchronously: read its Status a few times; verify re-reads the installed packages later.
  for (let i = 0; i < STATUS_READS; i++) {
    const request = await getJson<{ Status?: string }>(ctx, t.tenant, `${path}/${id}`);
    if (request.Status === 'Success') return;
    if (request.Status === 'Error') throw new Error(`${REQUEST} ${id} for ${t.params.namespace}: Status Error`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export const packageUninstall: RemediationAction = {
  id: 'salesforce.package.uninstall',
  title: "Uninstall the managed package of a third party's connected app (removes the app and every user's tokens)",
  platform: 'salesforce',
  nativeTypes: ['connected_app'],
  permission: 'Download AppExchange Packages (uninstall) and API Enabled (Tooling API)',
  inverse: {
    none: "an uninstalled package's data is deleted with it: reinstall it from AppExchange, and every user authorizes the app again",
  },
  disruptive: true,
  targets: (identity) => {
    const namespace = identity.attributes.packageNamespace;
    if (typeof namespace !== 'string' || namespace === '') return [];
    return [
      {
        platform: identity.platform,
        tenant: identity.tenant,
        identityId: identity.id,
        credentialId: null,
        label: `${identity.name} (package namespace ${namespace})`,
        params: { namespace },
      },
    ];
  },
  describe: (t) => ({
    calls: [
      { method: 'GET', path: `/services/data/v{apiVersion}/tooling/query?q=${INSTALLED_SOQL}` },
      {
        method: 'POST',
        path: `/services/data/v{apiVersion}/tooling/sobjects/${REQUEST}`,
        body: { SubscriberPackageVersionId: `(the installed version of namespace ${t.params.namespace})` },
      },
      { method: 'GET', path: `/services/data/v{apiVersion}/tooling/sobjects/${REQUEST}/{id}` },
    ],
    changes: [{ field: `package ${t.params.namespace}`, before: 'installed', after: 'uninstalled' }],
  }),
  apply: (ctx, t) => uninstall(ctx, t),
  verify: async (ctx, t) => {
    const left = await installedWith(ctx, t);
    return { ok: left.length === 0, observed: left.length === 0 ? 'package not installed' : 'package still installed' };
  },
};
