import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import { platformLabeller } from '../../../emulation/estate/generic-oracle.js';
import { salesforceRisks } from '../risks.js';

export type { CredentialFacts, IdentityFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';

/** Facts → the ground-truth label: generic risks by the shared oracle, Salesforce risks as decided by the generator. */
export const toLabel = platformLabeller(
  'salesforce',
  new Set([...RISK_CATALOGUE, ...salesforceRisks].map((r) => r.id)),
);
