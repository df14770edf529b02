import { DEFAULT_THRESHOLDS } from '../../../config/thresholds.js';
import { between, daysSince, type GenContext, identityId, label, pickRepo } from './context.js';
import { SECRET_NAMES } from './names.js';
import type { GhOrgSecretData, GhRepoData } from './types.js';

function labelSecret(
  c: GenContext,
  nativeType: 'org_secret' | 'repo_secret',
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
    platformRisks: daysSince(updated, c.now) > DEFAULT_THRESHOLDS.rotationDays ? ['github-actions-secret-stale'] : [],
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

/** Organization Actions secrets (names unique: ORG_<pool name>[_<round>]). */
export function generateOrgSecrets(c: GenContext, count: number): GhOrgSecretData[] {
  const { rng } = c;
  const out: GhOrgSecretData[] = [];
  for (let i = 0; i < count; i++) {
    const base = SECRET_NAMES[i % SECRET_NAMES.length];
    const name = i < SECRET_NAMES.length ? `ORG_${base}` : `ORG_${base}_${Math.floor(i / SECRET_NAMES.length)}`;
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
    labelSecret(c, 'org_secret', name, name, created, updated);
  }
  return out;
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
    let name = c.rng.pick(SECRET_NAMES);
    if (names.has(name)) name = `${name}_${names.size}`;
    while (names.has(name)) name = `${name}_X`;
    names.add(name);
    const { created, updated } = secretDates(c, i);
    repo.secrets.push({ name, created_at: created, updated_at: updated });
    labelSecret(c, 'repo_secret', `${repo.name}/${name}`, name, created, updated);
  }
}
