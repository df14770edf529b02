import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import { platformLabeller } from '../../../emulation/estate/generic-oracle.js';
import { oktaRisks } from '../risks.js';

export type { CredentialFacts, IdentityFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';

/** Facts → the ground-truth label: generic risks by the shared oracle, Okta risks as decided by the generator. */
export const toLabel = platformLabeller('okta', new Set([...RISK_CATALOGUE, ...oktaRisks].map((r) => r.id)));
