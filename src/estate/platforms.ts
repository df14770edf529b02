import type { PlatformGenerator } from './registry.js';

/**
 * Every platform's estate generator, in generation order (later ones may reference earlier ones).
 * Adding a platform: one import and one entry here.
 */
export const PLATFORM_GENERATORS: PlatformGenerator[] = [];
