import type { RemediationAction } from '../../../remediation/action.js';
import { appRoleAssignmentAdd } from './app-role-assignment-add.js';
import { appRoleAssignmentRemove } from './app-role-assignment-remove.js';
import { applicationPasswordRemove } from './application-password-remove.js';
import { applicationPasswordRotate } from './application-password-rotate.js';
import { servicePrincipalDisable } from './service-principal-disable.js';
import { servicePrincipalEnable } from './service-principal-enable.js';

/** Entra remediation actions, one file each. */
export const entraActions: RemediationAction[] = [
  servicePrincipalDisable,
  servicePrincipalEnable,
  applicationPasswordRemove,
  applicationPasswordRotate,
  appRoleAssignmentRemove,
  appRoleAssignmentAdd,
];
