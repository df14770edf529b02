import type { PlatformGenerator } from './registry.js';
import { githubGenerator } from './github.js';
import { entraGenerator } from './entra/index.js';
import { awsGenerator } from './aws/index.js';

/**
 * Every platform's estate generator, in generation order (later ones may reference earlier ones).
 * Adding a platform: one import and one entry here.
 */
export const PLATFORM_GENERATORS: PlatformGenerator[] = [
  githubGenerator as PlatformGenerator,
  entraGenerator as PlatformGenerator,
  awsGenerator as PlatformGenerator, // after github: AWS OIDC trusts reference GitHub repositories
];
