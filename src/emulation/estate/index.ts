import type { PlatformId } from '../../model/index.js';
import type { GroundTruth } from './labels.js';
import { generateOrg, type Org } from './org.js';
import { loadEmulations } from '../../platforms/registry.js';
import { Random } from './random.js';

export interface EstateOptions {
  seed?: number;
  /** Total NHIs across platforms (10 to 1,000,000). */
  size?: number;
  /** NHIs per person (published figures range from 8.6:1 to 145:1). */
  nhiPerPerson?: number;
  platforms?: PlatformId[];
  /** The estate's "now": every date is relative to it. */
  now?: string;
}

export interface Estate {
  seed: number;
  now: string;
  org: Org;
  /** Vendor-shaped data per platform, served by that platform's emulator. */
  platforms: Partial<Record<PlatformId, unknown>>;
  labels: GroundTruth;
}

export const DEFAULT_ESTATE_NOW = '2026-11-01T00:00:00Z';

/** Generates a seeded organisation and its tenants on every (selected) platform, with ground-truth labels. */
export async function generateEstate(options: EstateOptions = {}): Promise<Estate> {
  const seed = options.seed ?? 42;
  const size = Math.max(10, Math.min(options.size ?? 300, 2_000_000));
  const now = new Date(options.now ?? DEFAULT_ESTATE_NOW);
  const rng = new Random(seed);
  const generators = (await loadEmulations(options.platforms)).map((e) => e.generator);
  const peopleCount = Math.max(8, Math.round(size / (options.nhiPerPerson ?? 20)));
  const org = generateOrg(rng, peopleCount, now);
  const totalWeight = generators.reduce((a, g) => a + g.weight, 0) || 1;
  const platforms: Estate['platforms'] = {};
  const labels: GroundTruth = {
    seed,
    now: now.toISOString(),
    people: org.people.map(({ index: _index, ...p }) => p),
    identities: [],
    edges: [],
  };
  for (const g of generators) {
    const count = Math.max(5, Math.round((size * g.weight) / totalWeight));
    const part = g.generate({
      org,
      rng: new Random(seed * 31 + g.platform.length * 7919 + g.platform.charCodeAt(0)),
      count,
      now,
      earlier: platforms,
    });
    platforms[g.platform] = part.data;
    for (const l of part.identities) labels.identities.push(l);
    for (const e of part.edges ?? []) labels.edges.push(e);
  }
  return { seed, now: now.toISOString(), org, platforms, labels };
}

export type { GroundTruth, IdentityLabel, PersonLabel, CredentialLabel } from './labels.js';
