import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import { DAY_MS } from '../../../lib/clock.js';
import type { CloudActivity } from './cloud-types.js';
import type { GenContext } from './context.js';

type Binding = cloudresourcemanager_v3.Schema$Binding;

/** One generated project while its accounts are made: bindings grouped by role and condition. */
export interface ProjectDraft {
  projectId: string;
  number: string;
  /** The project's one administrator of service accounts (roles/iam.serviceAccountAdmin), if any. */
  saAdmin: string | null;
  bindings: Map<string, Binding>;
  saActivities: CloudActivity[];
  keyActivities: CloudActivity[];
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'org';
const WORDS = ['prod', 'data', 'web', 'ml', 'ops', 'billing', 'edge', 'ci'] as const;

export function draftProjects(c: GenContext, count: number): ProjectDraft[] {
  return Array.from({ length: count }, (_, i) => {
    const projectId = `${slug(c.tenant)}-${WORDS[i % WORDS.length]}-${i + 1}`.slice(0, 30);
    const admin = c.rng.chance(0.5) ? c.rng.pick(c.company.active) : null;
    const draft: ProjectDraft = {
      projectId,
      number: `${c.rng.int(100, 999)}${String(i).padStart(9, '0')}`,
      saAdmin: admin?.email ?? null,
      bindings: new Map(),
      saActivities: [],
      keyActivities: [],
    };
    if (admin) grant(draft, 'roles/iam.serviceAccountAdmin', `user:${admin.email}`);
    return draft;
  });
}

/** Adds a member to the binding of (role, condition). */
export function grant(p: ProjectDraft, role: string, member: string, condition?: Binding['condition']): void {
  const key = `${role}|${condition?.expression ?? ''}`;
  const binding = p.bindings.get(key) ?? { role, members: [], ...(condition ? { condition } : {}) };
  binding.members?.push(member);
  p.bindings.set(key, binding);
}

export function projectOf(p: ProjectDraft): cloudresourcemanager_v3.Schema$Project {
  return {
    name: `projects/${p.number}`,
    projectId: p.projectId,
    state: 'ACTIVE',
    displayName: p.projectId,
    etag: `W/"${p.number.slice(-6)}"`,
  };
}

export function policyOf(p: ProjectDraft): cloudresourcemanager_v3.Schema$Policy {
  const bindings = [...p.bindings.values()];
  return { version: bindings.some((b) => b.condition) ? 3 : 1, etag: `BwY${p.number.slice(-8)}=`, bindings };
}

/** Policy Analyzer reports days: the 07:00Z that ends the observation day of a moment `days` ago. */
export function authenticatedDay(c: GenContext, days: number): string {
  const at = new Date(c.now.getTime() - days * DAY_MS);
  at.setUTCHours(7, 0, 0, 0);
  if (at.getTime() > c.now.getTime()) at.setTime(at.getTime() - DAY_MS);
  return at.toISOString().replace('.000Z', 'Z');
}

/** One last-authentication activity, with the resource nested as Policy Analyzer nests it. */
export function activity(
  c: GenContext,
  p: ProjectDraft,
  type: 'serviceAccountLastAuthentication' | 'serviceAccountKeyLastAuthentication',
  resourceName: string,
  uniqueId: string,
  at: string,
): CloudActivity {
  const ref = {
    fullResourceName: `//iam.googleapis.com/${resourceName}`,
    projectNumber: p.number,
    serviceAccountId: uniqueId,
  };
  const nested = type === 'serviceAccountLastAuthentication' ? { serviceAccount: ref } : { serviceAccountKey: ref };
  return {
    fullResourceName: ref.fullResourceName,
    activityType: type,
    activity: { lastAuthenticatedTime: at, ...nested },
    observationPeriod: { startTime: authenticatedDay(c, 90), endTime: authenticatedDay(c, 1) },
  };
}
