import { appRoleAssignmentAction } from './app-role-assignment.js';

/** Re-grants a removed application permission (POST /servicePrincipals/{resource}/appRoleAssignedTo): the inverse. */
export const appRoleAssignmentAdd = appRoleAssignmentAction({
  id: 'entra.app-role-assignment.add',
  title: 'Re-grant an application permission (app role assignment) to a service principal',
  held: true,
  inverse: 'entra.app-role-assignment.remove',
});
