import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import { genericRisks, isoOrNull, platformLabeller } from '../../../emulation/estate/generic-oracle.js';
import { githubRisks } from '../risks.js';

export type { CredentialFacts, IdentityFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';
export { genericRisks, isoOrNull };

/** Facts → the ground-truth label: generic risks by the shared oracle, GitHub risks as decided by the generator. */
export const toLabel = platformLabeller('github', new Set([...RISK_CATALOGUE, ...githubRisks].map((r) => r.id)));
