import { type Graph, q } from './graph.js';
import type { WireApplication } from './graph-types.js';
import { OWNER_EXPAND } from './owners.js';
import type { PublisherInput } from './types-helpers.js';

export const APP_SELECT = [
  'id',
  'appId',
  'displayName',
  'createdDateTime',
  'signInAudience',
  'publisherDomain',
  'verifiedPublisher',
  'passwordCredentials',
  'keyCredentials',
  'tags',
  'notes',
  'servicePrincipalLockConfiguration',
];

const APPS_SELECT = APP_SELECT.join(',');

/** GET /applications with their owners expanded, page by page (full scan). */
export function listApplications(graph: Graph, pageSize: number, onPage: (apps: WireApplication[]) => Promise<void>) {
  return graph.each<WireApplication>(
    `/applications?$select=${APPS_SELECT}&${OWNER_EXPAND}&$top=${pageSize}`,
    'applications',
    onPage,
  );
}

/** GET /applications/{id} with its owners expanded; null when deleted meanwhile. */
export function getApplication(graph: Graph, id: string): Promise<WireApplication | null> {
  return graph.get<WireApplication>(`/applications/${q(id)}?$select=${APPS_SELECT}&${OWNER_EXPAND}`, 'applications');
}

/** The application object of an appId registered in this tenant, if any (its id only). */
export async function findApplicationByAppId(graph: Graph, appId: string): Promise<WireApplication | undefined> {
  const path = `/applications?$filter=${q(`appId eq '${appId}'`)}&$select=id`;
  return (await graph.all<WireApplication>(path, 'applications')).items[0];
}

/**
 * GET /applications/delta?$deltatoken=latest: a deltaLink from now on, taken before a full scan lists the
 * applications so nothing that changes meanwhile is lost.
 */
export function latestApplicationsDelta(graph: Graph) {
  return graph.all(`/applications/delta?$select=id&$deltatoken=latest`, 'applications.delta');
}

/** Publisher of an app registered in this tenant: its verified publisher (if any) and publisher domain. Pure. */
export function applicationPublisher(app: WireApplication): PublisherInput {
  return {
    name: app.verifiedPublisher?.displayName ?? null,
    verified: !!app.verifiedPublisher?.verifiedPublisherId,
    domain: app.publisherDomain ?? null,
  };
}

/**
 * Whether the app instance property lock stops other tenants adding client credentials (usage Verify: secrets and
 * certificates) to the app's service principals: the lock is on and covers all properties or those credentials.
 */
export function instanceLockCoversCredentials(app: WireApplication): boolean {
  const lock = app.servicePrincipalLockConfiguration;
  return lock?.isEnabled === true && (lock.allProperties === true || lock.credentialsWithUsageVerify === true);
}
