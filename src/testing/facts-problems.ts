import { Identity, type IdentityInput, type PlatformFacts } from '../model/index.js';
import { factsCheck } from '../sync/facts-check.js';

/**
 * What the sync engine's facts check (src/sync/facts-check.ts) says of one transformed identity: [] when it would
 * be stored, else the message with which it would be quarantined. Tests call the sink's own check, not a copy.
 */
export function factsProblems(facts: PlatformFacts, input: IdentityInput): string[] {
  const identity = Identity.parse(input);
  try {
    factsCheck(facts, identity.platform, identity.tenant)(identity);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
