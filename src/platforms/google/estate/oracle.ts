import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import { platformLabeller } from '../../../emulation/estate/generic-oracle.js';
import { googleRisks } from '../risks.js';
import { scopeFacts } from './catalogue.js';

export type { CredentialFacts, IdentityFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';

const RISK_IDS = new Set([...RISK_CATALOGUE, ...googleRisks].map((r) => r.id));

/** Facts → the ground-truth label: generic risks by the shared oracle, Google risks as decided by the generator. */
export const toLabel = platformLabeller('google', RISK_IDS);

export { scopeFacts };
