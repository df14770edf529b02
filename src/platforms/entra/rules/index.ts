import type { Rule } from '../../../analysis/risk/types.js';
import { rule as entraAgentIdentityNoSponsor } from './entra-agent-identity-no-sponsor.js';
import { rule as entraAppInstanceLockOff } from './entra-app-instance-lock-off.js';
import { rule as entraDirectoryReadwriteAll } from './entra-directory-readwrite-all.js';
import { rule as entraFullAccessAsApp } from './entra-full-access-as-app.js';
import { rule as entraRiskyServicePrincipal } from './entra-risky-service-principal.js';
import { rule as entraRiskyServicePrincipalMedium } from './entra-risky-service-principal-medium.js';
import { rule as entraSpCredential } from './entra-sp-credential.js';
import { rule as entraSpElevatedDirectoryRole } from './entra-sp-elevated-directory-role.js';
import { rule as entraSpPrivilegedDirectoryRole } from './entra-sp-privileged-directory-role.js';
import { rule as entraUnownedHighPrivilege } from './entra-unowned-high-privilege.js';

/** This platform's rules, one file each (ids = ../risks.ts). */
export const entraRules: Rule[] = [
  entraFullAccessAsApp,
  entraDirectoryReadwriteAll,
  entraUnownedHighPrivilege,
  entraSpCredential,
  entraSpPrivilegedDirectoryRole,
  entraSpElevatedDirectoryRole,
  entraAgentIdentityNoSponsor,
  entraRiskyServicePrincipal,
  entraRiskyServicePrincipalMedium,
  entraAppInstanceLockOff,
];
