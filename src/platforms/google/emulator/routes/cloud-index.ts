import type { iam_v1 } from '@googleapis/iam';
import type { GoogleCloudData } from '../../estate/cloud-types.js';

/** Lookups the Cloud routes share, built once per emulator start over the estate's Cloud data. */
export interface CloudIndex {
  data: GoogleCloudData;
  /** Project id by id or by number (resource names use either). */
  projectIds: Map<string, string>;
  /** Project number by id. */
  numbers: Map<string, string>;
  /** Service accounts by email and by unique id. */
  accounts: Map<string, iam_v1.Schema$ServiceAccount>;
}

export function cloudIndex(data: GoogleCloudData): CloudIndex {
  const projectIds = new Map<string, string>();
  const numbers = new Map<string, string>();
  for (const p of data.projects) {
    if (!p.projectId) continue;
    projectIds.set(p.projectId, p.projectId);
    const number = p.name?.replace('projects/', '');
    if (number) {
      projectIds.set(number, p.projectId);
      numbers.set(p.projectId, number);
    }
  }
  const accounts = new Map<string, iam_v1.Schema$ServiceAccount>();
  for (const list of Object.values(data.serviceAccounts))
    for (const sa of list) {
      if (sa.email) accounts.set(sa.email.toLowerCase(), sa);
      if (sa.uniqueId) accounts.set(sa.uniqueId, sa);
    }
  return { data, projectIds, numbers, accounts };
}

/** A pool's resource name with its project spelled by number, as the estate stores it. */
export function poolKey(ix: CloudIndex, projectSegment: string, pool: string): string | null {
  const id = ix.projectIds.get(projectSegment);
  const number = id ? ix.numbers.get(id) : undefined;
  return number ? `projects/${number}/locations/global/workloadIdentityPools/${pool}` : null;
}
