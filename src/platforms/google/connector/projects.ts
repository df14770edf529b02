import type { CloudClients } from './cloud-client.js';
import { type ProjectRef, requireObject, str } from './cloud-common.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';
import type { GcpProject } from './cloud-wire.js';

/** Resource Manager v3 allows up to 1,000 projects a page. */
export const PROJECTS_PAGE_SIZE = 1000;

/**
 * A project of projects.search → its id and number (`name` is `projects/{number}`). Only ACTIVE projects are
 * scanned: a project pending deletion cannot be read and holds nothing that can still be used.
 */
export function projectRef(raw: GcpProject): ProjectRef | null {
  const project = requireObject(raw, 'Google Cloud project');
  const projectId = str(project.projectId);
  if (!projectId || (project.state && project.state !== 'ACTIVE')) return null;
  const name = str(project.name);
  const number = name?.startsWith('projects/') ? name.slice('projects/'.length) : null;
  return { projectId, projectNumber: number && /^\d+$/.test(number) ? number : null };
}

/** The configured projects (ids; their numbers come from the service accounts' default-account names if at all). */
export const configuredProjects = (ids: readonly string[]): ProjectRef[] =>
  [...new Set(ids)].map((projectId) => ({ projectId, projectNumber: null }));

/** Every project the credential can see (resourcemanager.projects.get on it), page by page. */
export async function* searchProjects(c: CloudClients, signal: AbortSignal): AsyncGenerator<GcpProject[]> {
  let pageToken: string | undefined;
  do {
    const data = await c.calls.call(CLOUD_CALLS.searchProjects, signal, (o) =>
      c.crm.projects.search({ pageSize: PROJECTS_PAGE_SIZE, pageToken }, o),
    );
    yield data.projects ?? [];
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken && !signal.aborted);
}
