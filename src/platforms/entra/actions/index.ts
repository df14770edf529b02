import type { RemediationAction } from '../../../remediation/action.js';
import { applicationPasswordRemove } from './application-password-remove.js';
import { servicePrincipalDisable } from './service-principal-disable.js';
import { servicePrincipalEnable } from './service-principal-enable.js';

/** Entra remediation actions, one file each. */
export const entraActions: RemediationAction[] = [
  servicePrincipalDisable,
  servicePrincipalEnable,
  applicationPasswordRemove,
];
