import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';
import { tenantWideDirectoryRoles } from './directory-role.js';
import { cis } from '../../../analysis/risk/cis.js';

/** Global Administrator, Privileged Role Administrator, Application Administrator (Microsoft's templateIds). */
export const PRIVILEGED_DIRECTORY_ROLE_TEMPLATES: ReadonlySet<string> = new Set([
  '62e90394-69f5-4237-9190-012177145e10',
  'e8611ab8-c189-46e8-94e1-60213ab1f814',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
]);

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-sp-privileged-directory-role',
    title: 'Service principal or managed identity holds a privileged directory role',
    severity: 'critical',
    description:
      'A service principal (or managed identity) holds Global Administrator, Privileged Role Administrator or Application Administrator for the whole tenant. Anyone holding one of its credentials, or able to run code as the workload, controls the directory: these roles assign any role or take over any application. App role assignments do not show it, so it is easily missed.',
    remediation:
      'Remove the directory role assignment and grant the narrowest Graph application permissions the workload uses instead; if a role is unavoidable, scope it to an administrative unit or the one application, make it eligible through Privileged Identity Management, and protect its credentials (managed identity or federated credential, no secrets).',
    owasp: 'NHI5:2025',
    compliance: ['NIST SP 800-53 AC-6(5)', 'NIST SP 800-53 AC-2(7)', 'PCI DSS 4.0 7.2.5', cis.m365('5.3.1')],
    platforms: ['entra'],
    reads: ['permissions'],
    dataRequirement:
      'Needs active directory role assignments of service principals (GET /roleManagement/directory/roleAssignments, RoleManagement.Read.Directory) with their role templateIds and scopes.',
    tags: ['privilege', 'directory-role'],
  },
  nativeTypes: ENTRA_NATIVE_TYPES,
  evaluate(v) {
    return tenantWideDirectoryRoles(v, PRIVILEGED_DIRECTORY_ROLE_TEMPLATES);
  },
});
