import { appRoleAssignmentAction } from './app-role-assignment.js';

/**
 * Removes an application permission from a service principal (DELETE /servicePrincipals/{resource}/appRoleAssignedTo/
 * {assignmentId}): scope reduction, its tokens no longer carry the role.
 */
export const appRoleAssignmentRemove = appRoleAssignmentAction({
  id: 'entra.app-role-assignment.remove',
  title: 'Remove an application permission (app role assignment) from a service principal',
  held: false,
  inverse: 'entra.app-role-assignment.add',
});
