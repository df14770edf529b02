import { between, daysSince, type GenContext } from './context.js';
import { LANGS, REPO_A, REPO_B } from './names.js';
import type { GhRepoData } from './types.js';

/** The org's repositories (n/8, at least 2), empty of keys, secrets, hooks and environments until those are generated. */
export function generateRepositories(c: GenContext, count: number): GhRepoData[] {
  const { rng, now } = c;
  const repoCount = Math.max(2, Math.ceil(count / 8));
  const repoNames = new Set<string>();
  for (let i = 0; i < repoCount; i++) {
    let name = `${rng.pick(REPO_A)}-${rng.pick(REPO_B)}`;
    if (repoNames.has(name)) name = `${name}-${i}`;
    repoNames.add(name);
    const created = rng.daysAgo(now, rng.ageDays(3000) - rng.next());
    const pushed = between(c, Math.min(daysSince(created, now), 700), 0);
    const visibility = rng.weighted([
      ['private', 70],
      ['internal', 15],
      ['public', 15],
    ] as const);
    c.repos.push({
      id: 310_000_000 + i * 7,
      name,
      private: visibility !== 'public',
      visibility,
      archived: rng.chance(0.08),
      fork: rng.chance(0.03),
      description: rng.chance(0.7) ? `${name.replace('-', ' ')} for ${c.company.name}` : null,
      language: rng.pick(LANGS),
      default_branch: rng.chance(0.85) ? 'main' : 'master',
      created_at: created,
      updated_at: pushed,
      pushed_at: pushed,
      keys: [],
      secrets: [],
      hooks: [],
      dependabotSecrets: [],
      environments: [],
    });
  }
  return c.repos;
}
