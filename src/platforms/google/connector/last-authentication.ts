import type { gaxios } from 'google-auth-library';
import type { CloudClients } from './cloud-client.js';
import { type ProjectRef, str } from './cloud-common.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';
import type { GcpActivity, GcpQueryActivityResponse, LastAuthenticationType } from './cloud-wire.js';

export const SA_LAST_AUTH_SOURCE = 'Policy Analyzer serviceAccountLastAuthentication';
export const KEY_LAST_AUTH_SOURCE = 'Policy Analyzer serviceAccountKeyLastAuthentication';

/** Policy Analyzer allows up to 1,000 activities a page. */
export const ACTIVITIES_PAGE_SIZE = 1000;

/**
 * The one call Steward makes outside the generated clients: Policy Analyzer has no npm client, so the query goes
 * through the authorized client's own `request()` (google-auth-library), which adds the bearer token.
 */
export type AuthorizedRequest = <T>(options: gaxios.GaxiosOptions) => Promise<{ data: T }>;

/** When each service account (by email and by unique id) and each key (by `account/keyId`) last authenticated. */
export type LastAuthIndex = Map<string, string>;

/** `…/serviceAccounts/{email or uniqueId}[/keys/{keyId}]` at the end of a full resource name. */
const RESOURCE = /\/serviceAccounts\/([^/]+)(?:\/keys\/([^/]+))?$/;

function keep(index: LastAuthIndex, key: string, at: string): void {
  const known = index.get(key);
  if (!known || Date.parse(known) < Date.parse(at)) index.set(key, at);
}

/**
 * Pure: one activity into the index; false when it cannot be read (not an object, no time, no resource), which the
 * scan quarantines — a dropped activity would otherwise read as "never authenticated". The resource sits under
 * `activity.serviceAccountKey` or `activity.serviceAccount` (each with its own `fullResourceName`), else at the top
 * level; the account may be named by email or unique id, so both spellings are indexed (emails lower-cased).
 */
export function indexActivity(a: GcpActivity, index: LastAuthIndex): boolean {
  if (!a || typeof a !== 'object' || Array.isArray(a)) return false;
  const at = str(a.activity?.lastAuthenticatedTime);
  const nested = a.activity?.serviceAccountKey ?? a.activity?.serviceAccount;
  const name = str(nested?.fullResourceName) ?? str(a.fullResourceName);
  const match = name ? RESOURCE.exec(name) : null;
  if (!at || Number.isNaN(Date.parse(at)) || !match) return false;
  const instant = new Date(at).toISOString();
  const keyId = match[2];
  const suffix = keyId ? `/${keyId}` : '';
  keep(index, `${decodeURIComponent(match[1]).toLowerCase()}${suffix}`, instant);
  const id = str(nested?.serviceAccountId);
  if (id) keep(index, `${id}${suffix}`, instant);
  return true;
}

/** The parent of one project's activities of one type (`{+parent}`: slashes literal). */
export const activitiesParent = (projectId: string, type: LastAuthenticationType): string =>
  `projects/${projectId}/locations/global/activityTypes/${type}`;

/** The query URL under a root (`https://policyanalyzer.googleapis.com/` or the emulator's). */
export function activitiesUrl(root: string, projectId: string, type: LastAuthenticationType): string {
  const base = root.endsWith('/') ? root : `${root}/`;
  return `${base}v1/${activitiesParent(projectId, type)}/activities:query`;
}

/**
 * Reads every page of one project's activities of one type into `index`; activities that cannot be read are passed
 * to `bad` (the scan quarantines them).
 */
export async function queryLastAuthentication(
  c: CloudClients,
  project: ProjectRef,
  type: LastAuthenticationType,
  index: LastAuthIndex,
  bad: (raw: unknown) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  let pageToken: string | undefined;
  do {
    const data = await c.calls.call(CLOUD_CALLS.queryActivities, signal, (o) =>
      c.request<GcpQueryActivityResponse>({
        ...o,
        url: activitiesUrl(c.policyAnalyzerRoot, project.projectId, type),
        method: 'GET',
        params: { pageSize: ACTIVITIES_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) },
      }),
    );
    for (const a of data.activities ?? []) if (!indexActivity(a, index)) await bad(a);
    pageToken = data.nextPageToken || undefined;
  } while (pageToken && !signal.aborted);
}
