import { generateAccount } from './cloud-accounts.js';
import { draftProjects, type ProjectDraft, policyOf, projectOf } from './cloud-projects.js';
import { emptyCloudData, type GoogleCloudData } from './cloud-types.js';
import { generatePool, generateProvider } from './cloud-wif.js';
import type { GenContext } from './context.js';
import type { PermissionFacts } from './oracle.js';

/** Service accounts per project, on average. */
const ACCOUNTS_PER_PROJECT = 40;
/** Share of the Cloud NHIs that are workload identity providers (estates of 10 or more). */
const PROVIDER_SHARE = 0.05;

/**
 * The Cloud estate: projects, their service accounts (a Compute Engine default first in each, an App Engine default
 * in some) with user-managed keys, roles in each project's IAM policy and Policy Analyzer usage, and workload
 * identity pools with providers. Every account's OAuth client goes to c.serviceAccountClients for delegation.
 * O(count): each account and provider is drawn once.
 */
export function generateCloud(c: GenContext, count: number): GoogleCloudData {
  const data = emptyCloudData();
  const providers = count >= 10 ? Math.max(1, Math.round(count * PROVIDER_SHARE)) : 0;
  const accounts = Math.max(0, count - providers);
  const projects = draftProjects(c, Math.max(1, Math.ceil(accounts / ACCOUNTS_PER_PROJECT)));
  generateAccounts(c, data, projects, accounts);
  generateProviders(c, data, projects, providers);
  for (const p of projects) {
    data.projects.push(projectOf(p));
    data.policies[p.projectId] = policyOf(p);
    data.activities[p.projectId] = {
      serviceAccountLastAuthentication: p.saActivities,
      serviceAccountKeyLastAuthentication: p.keyActivities,
    };
  }
  return data;
}

/** Accounts round-robin over the projects (so each project's first is its Compute Engine default). */
function generateAccounts(c: GenContext, data: GoogleCloudData, projects: ProjectDraft[], count: number): void {
  const nth = projects.map(() => 0);
  for (let i = 0; i < count; i++) {
    const k = i % projects.length;
    const { account, keys } = generateAccount(c, projects[k], nth[k]++, i);
    const list = data.serviceAccounts[projects[k].projectId] ?? [];
    list.push(account);
    data.serviceAccounts[projects[k].projectId] = list;
    data.keys[account.email as string] = keys;
  }
}

/** Providers round-robin over the projects, one pool per project that federates. */
function generateProviders(c: GenContext, data: GoogleCloudData, projects: ProjectDraft[], count: number): void {
  const poolRoles = new Map<string, PermissionFacts[]>();
  for (let i = 0; i < count; i++) {
    const project = projects[i % projects.length];
    let pool = data.pools[project.projectId]?.[0];
    if (!pool) {
      const made = generatePool(c, project);
      pool = made.pool;
      data.pools[project.projectId] = [pool];
      poolRoles.set(pool.name as string, made.permissions);
    }
    const name = pool.name as string;
    const list = data.providers[name] ?? [];
    list.push(generateProvider(c, pool, poolRoles.get(name) ?? [], i));
    data.providers[name] = list;
  }
}
