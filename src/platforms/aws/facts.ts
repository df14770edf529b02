import type { PlatformFacts } from '../../model/index.js';

/** The typed attributes of every nativeType the AWS IAM connector emits (src/model/facts.ts). */
export const awsFacts = {} satisfies PlatformFacts;
