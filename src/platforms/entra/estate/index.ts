import type { PlatformGenerator } from '../../../emulation/estate/generator.js';
import { generateEntra } from './generate.js';
import type { EntraTenantData } from './types.js';

export * from './types.js';
export { labelEntra, entraIdentityId, isFirstPartyResource } from './oracle.js';
export { allPermissionFacts, type PermissionFact } from './catalogue.js';
export { NEVER_EXPIRES } from './generate.js';

/** Microsoft Entra ID: the organisation's tenant (apps, service principals, managed identities, grants, users). */
export const entraGenerator: PlatformGenerator<EntraTenantData> = {
  platform: 'entra',
  weight: 35,
  generate: generateEntra,
};
