import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';
import { tenantWideDirectoryRoles } from './directory-role.js';
import { cis } from '../../../analysis/risk/cis.js';

/** Cloud Application Administrator, Privileged Authentication Administrator (Microsoft's templateIds). */
export const ELEVATED_DIRECTORY_ROLE_TEMPLATES: ReadonlySet<string> = new Set([
  '158c047a-c907-4556-b7ef-446551a6b5f7',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
]);

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-sp-elevated-directory-role',
    title: 'Service principal or managed identity holds a directory role with a path to Global Administrator',
    severity: 'high',
    description:
      'A service principal (or managed identity) holds Cloud Application Administrator (adds credentials to any application and signs in as it) or Privileged Authentication Administrator (resets any user’s authentication methods, administrators’ included) for the whole tenant: one step from Global Administrator.',
    remediation:
      'Remove the directory role assignment; grant Application.ReadWrite.OwnedBy or narrower Graph permissions instead, or scope the role to the applications it manages, and make it eligible through Privileged Identity Management.',
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
    return tenantWideDirectoryRoles(v, ELEVATED_DIRECTORY_ROLE_TEMPLATES);
  },
});
