import type { PlatformFacts } from '../../model/index.js';

/** The typed attributes of every nativeType the Microsoft Entra ID connector emits (src/model/facts.ts). */
export const entraFacts = {} satisfies PlatformFacts;
