import type { PlatformFacts } from '../../model/index.js';

/** The typed attributes of every nativeType the GitHub connector emits (src/model/facts.ts). */
export const githubFacts = {} satisfies PlatformFacts;
