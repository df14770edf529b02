import { DEFAULT_THRESHOLDS } from '../../../config/thresholds.js';
import { between, daysSince, type GenContext, identityId, label, pickRepo } from './context.js';
import { CODESPACES_SECRET_NAMES, ENVIRONMENT_NAMES, REGISTRY_SECRET_NAMES, SECRET_NAMES } from './names.js';
import type { GhEnvironmentData, GhOrgSecretData, GhRepoData } from './types.js';

/** The estate's own view of GitHub's secret stores: which nativeType each is, and which rotation risk it plants. */
const SECRET_STORES = {
  org_secret: 'github-actions-secret-stale',
  repo_secret: 'github-actions-secret-stale',
  environment_secret: 'github-actions-secret-stale',
  dependabot_org_secret: 'github-dependabot-codespaces-secret-stale',
  dependabot_repo_secret: 'github-dependabot-codespaces-secret-stale',
  codespaces_org_secret: 'github-dependabot-codespaces-secret-stale',
} as const;
type SecretStore = keyof typeof SECRET_STORES;

/**
 * Pool names (names.ts) that hold a long-lived cloud key, and the stores whose workflows could use Actions OIDC
 * instead: a secret of those stores named after one (with the ORG_ prefix or a _<n> suffix) plants
 * github-static-cloud-key-secret.
 */
const STATIC_CLOUD_KEY_NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'GCP_SA_KEY'];
const OIDC_CAPABLE_STORES: ReadonlySet<SecretStore> = new Set(['org_secret', 'repo_secret', 'environment_secret']);
const isStaticCloudKey = (nativeType: SecretStore, name: string): boolean =>
  OIDC_CAPABLE_STORES.has(nativeType) &&
  STATIC_CLOUD_KEY_NAMES.some((k) => [k, `ORG_${k}`].some((n) => name === n || name.startsWith(`${n}_`)));

function secretRisks(c: GenContext, nativeType: SecretStore, name: string, updated: string): string[] {
  const risks: string[] = [];
  if (daysSince(updated, c.now) > DEFAULT_THRESHOLDS.rotationDays) risks.push(SECRET_STORES[nativeType]);
  if (isStaticCloudKey(nativeType, name)) risks.push('github-static-cloud-key-secret');
  return risks;
}

function labelSecret(
  c: GenContext,
  nativeType: SecretStore,
  nativeId: string,
  name: string,
  created: string,
  updated: string,
): void {
  const id = identityId(c, nativeType, nativeId);
  label(c, {
    id,
    tenant: c.orgLogin,
    kind: 'secret',
    name,
    createdAt: created,
    lastUsedAt: null,
    usageTracked: false,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    // The value's age is the time it was last set (updated_at).
    credentials: [
      {
        id: `${id}#secret_value`,
        type: 'secret_value',
        createdAt: updated,
        expiresAt: null,
        lastUsedAt: null,
        enabled: true,
        supportsExpiry: false,
        fingerprint: null,
      },
    ],
    permissions: [],
    owner: null,
    platformRisks: secretRisks(c, nativeType, name, updated),
  });
}

/** Most secrets are never rotated; some were updated since (the first of each kind is planted as stale). */
function secretDates(c: GenContext, i: number): { created: string; updated: string } {
  const { rng, now } = c;
  const createdAgo = (i === 0 ? 400 + rng.ageDays(1500) : rng.ageDays(2200)) - rng.next();
  const created = rng.daysAgo(now, createdAgo);
  const updated = i === 0 || rng.chance(0.6) ? created : between(c, createdAgo, 0);
  return { created, updated };
}

/** The i-th unique name drawn from a pool: `<prefix><name>`, then `<prefix><name>_<round>` once the pool is used up. */
const poolName = (pool: readonly string[], i: number, prefix = '') =>
  i < pool.length ? `${prefix}${pool[i]}` : `${prefix}${pool[i % pool.length]}_${Math.floor(i / pool.length)}`;

/** Org-level secrets of one store (Actions, Dependabot or Codespaces), names unique within the store. */
function generateOrgStore(
  c: GenContext,
  count: number,
  nativeType: 'org_secret' | 'dependabot_org_secret' | 'codespaces_org_secret',
  nameOf: (i: number) => string,
): GhOrgSecretData[] {
  const { rng } = c;
  const out: GhOrgSecretData[] = [];
  for (let i = 0; i < count; i++) {
    const name = nameOf(i);
    const { created, updated } = secretDates(c, i);
    const visibility = rng.weighted([
      ['all', 40],
      ['private', 35],
      ['selected', 25],
    ] as const);
    out.push({
      name,
      created_at: created,
      updated_at: updated,
      visibility,
      selected_repository_ids:
        visibility === 'selected' ? [...new Set(Array.from({ length: rng.int(1, 5) }, () => pickRepo(c).id))] : [],
    });
    labelSecret(c, nativeType, name, name, created, updated);
  }
  return out;
}

/** Organization Actions secrets (names unique: ORG_<pool name>[_<round>]). */
export const generateOrgSecrets = (c: GenContext, count: number): GhOrgSecretData[] =>
  generateOrgStore(c, count, 'org_secret', (i) => poolName(SECRET_NAMES, i, 'ORG_'));

/** Organization Dependabot secrets (private-registry credentials) and organization Codespaces secrets. */
export function generateOrgSecretStores(
  c: GenContext,
  dependabotCount: number,
  codespacesCount: number,
): { dependabotOrgSecrets: GhOrgSecretData[]; codespacesOrgSecrets: GhOrgSecretData[] } {
  return {
    dependabotOrgSecrets: generateOrgStore(c, dependabotCount, 'dependabot_org_secret', (i) =>
      poolName(REGISTRY_SECRET_NAMES, i),
    ),
    codespacesOrgSecrets: generateOrgStore(c, codespacesCount, 'codespaces_org_secret', (i) =>
      poolName(CODESPACES_SECRET_NAMES, i),
    ),
  };
}

/** A name from `pool` not yet in `used` (suffixing as the repository secrets do), recorded in `used`. */
function freshName(c: GenContext, pool: readonly string[], used: Set<string>): string {
  let name = c.rng.pick(pool);
  if (used.has(name)) name = `${name}_${used.size}`;
  while (used.has(name)) name = `${name}_X`;
  used.add(name);
  return name;
}

/** Repository Dependabot secrets, added to their repositories (names unique within a repository's store). */
export function generateDependabotRepoSecrets(c: GenContext, count: number): void {
  const used = new Map<GhRepoData, Set<string>>();
  for (let i = 0; i < count; i++) {
    const repo = pickRepo(c);
    const names = used.get(repo) ?? new Set<string>();
    used.set(repo, names);
    const name = freshName(c, REGISTRY_SECRET_NAMES, names);
    const { created, updated } = secretDates(c, i);
    repo.dependabotSecrets.push({ name, created_at: created, updated_at: updated });
    labelSecret(c, 'dependabot_repo_secret', `${repo.name}/${name}`, name, created, updated);
  }
}

/**
 * Deployment environments and their Actions secrets: each secret lands in a repository's environment (created on
 * first use, ids from 161 000 000); repositories without secrets in an environment have no environment at all.
 */
export function generateEnvironmentSecrets(c: GenContext, count: number): void {
  const used = new Map<GhEnvironmentData, Set<string>>();
  let nextId = 161_000_000;
  for (let i = 0; i < count; i++) {
    const repo = pickRepo(c);
    const envName = c.rng.pick(ENVIRONMENT_NAMES);
    let env = repo.environments.find((e) => e.name === envName);
    if (!env) {
      const created = between(c, 1500, 30);
      env = { id: nextId++, name: envName, created_at: created, updated_at: created, secrets: [] };
      repo.environments.push(env);
    }
    const names = used.get(env) ?? new Set<string>();
    used.set(env, names);
    const name = freshName(c, SECRET_NAMES, names);
    const { created, updated } = secretDates(c, i);
    env.secrets.push({ name, created_at: created, updated_at: updated });
    labelSecret(c, 'environment_secret', `${repo.name}/${env.name}/${name}`, name, created, updated);
  }
}

function plantedName(used: Set<string>, name: string): string {
  used.add(name);
  return name;
}

/** Repository Actions secrets, added to their repositories (names unique within a repository). */
export function generateRepoSecrets(c: GenContext, count: number): void {
  const usedNames = new Map<GhRepoData, Set<string>>();
  for (let i = 0; i < count; i++) {
    const repo = pickRepo(c);
    let names = usedNames.get(repo);
    if (!names) {
      names = new Set();
      usedNames.set(repo, names);
    }
    // The first is planted as a static AWS key (github-static-cloud-key-secret); the pool draws more of them.
    const name = i === 0 ? plantedName(names, 'AWS_SECRET_ACCESS_KEY') : freshName(c, SECRET_NAMES, names);
    const { created, updated } = secretDates(c, i);
    repo.secrets.push({ name, created_at: created, updated_at: updated });
    labelSecret(c, 'repo_secret', `${repo.name}/${name}`, name, created, updated);
  }
}
