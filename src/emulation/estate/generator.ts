import type { GroundTruth, IdentityLabel, EdgeLabel } from './labels.js';
import type { Org } from './org.js';
import type { Random } from './random.js';
import type { PlatformId } from '../../model/index.js';

export interface PlatformGenerateContext {
  org: Org;
  rng: Random;
  /** How many NHIs this platform should hold (approximately). */
  count: number;
  now: Date;
  /** Data of platforms generated earlier in the same estate (e.g. AWS trusts reference GitHub repositories). */
  earlier: Partial<Record<PlatformId, unknown>>;
}

export interface PlatformEstate<T = unknown> {
  data: T;
  identities: IdentityLabel[];
  edges?: EdgeLabel[];
}

export interface PlatformGenerator<T = unknown> {
  platform: PlatformId;
  /** Share of the estate's NHIs this platform receives, relative to the others. */
  weight: number;
  generate(ctx: PlatformGenerateContext): PlatformEstate<T>;
}

export type { GroundTruth };
