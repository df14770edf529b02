import { describe, expect, it } from 'vitest';
import { Identity } from '../../../model/index.js';
import { fixtureIdentities } from '../fixtures/index.js';
import { roleDefinitionInfo, transformDirectoryRoleAssignments } from './directory-roles.js';
import type { WireServicePrincipal } from './graph-types.js';
import { DIRECTORY_ROLE_TEMPLATES, rateDirectoryRole } from './permission-tiers.js';
import { managedIdentityType } from './service-principals.js';

const GA = DIRECTORY_ROLE_TEMPLATES.globalAdministrator;
const definitions = new Map([
  [GA, roleDefinitionInfo({ id: GA, displayName: 'Global Administrator', templateId: GA, isBuiltIn: true })],
  [
    'b5a8dcf3-09d5-43a9-a639-8e29ef291470',
    roleDefinitionInfo({
      id: 'b5a8dcf3-09d5-43a9-a639-8e29ef291470',
      displayName: 'Contoso App Credential Manager',
      templateId: 'b5a8dcf3-09d5-43a9-a639-8e29ef291470',
      isBuiltIn: false,
    }),
  ],
]);

describe('directory role assignments → permissions', () => {
  it('names a role by its definition, rates it by templateId and keeps the scope', () => {
    const [p] = transformDirectoryRoleAssignments(
      [{ id: 'a-1', principalId: 'sp', roleDefinitionId: GA, directoryScopeId: '/', appScopeId: null }],
      definitions,
    );
    expect(p).toEqual({
      nativeName: 'Global Administrator',
      resource: 'directory',
      access: 'admin',
      sensitivity: 'high',
      pathToAdmin: true,
      source: 'directoryRoleAssignment',
      attributes: {
        type: 'DirectoryRole',
        assignmentId: 'a-1',
        roleDefinitionId: GA,
        roleTemplateId: GA,
        directoryScopeId: '/',
        appScopeId: null,
        resolved: true,
        tenantWide: false,
      },
    });
  });

  it('rates an unresolved built-in role by its id (= templateId), a custom one by its name', () => {
    const [builtIn, custom, scoped] = transformDirectoryRoleAssignments(
      [
        { id: 'b', roleDefinitionId: DIRECTORY_ROLE_TEMPLATES.privilegedRoleAdministrator.toUpperCase() },
        { id: 'c', roleDefinitionId: 'b5a8dcf3-09d5-43a9-a639-8e29ef291470', directoryScopeId: '/' },
        { id: 'd', roleDefinitionId: GA, directoryScopeId: '/administrativeUnits/0c5b-au' },
      ],
      definitions,
    );
    expect(builtIn).toMatchObject({
      nativeName: DIRECTORY_ROLE_TEMPLATES.privilegedRoleAdministrator.toUpperCase(),
      access: 'admin',
      pathToAdmin: true,
      attributes: { resolved: false, roleTemplateId: DIRECTORY_ROLE_TEMPLATES.privilegedRoleAdministrator },
    });
    expect(custom).toMatchObject({ nativeName: 'Contoso App Credential Manager', access: 'write', pathToAdmin: false });
    expect(scoped).toMatchObject({ resource: '/administrativeUnits/0c5b-au', access: 'admin' });
  });

  it('skips an assignment without a role definition id, never inventing a name', () => {
    expect(
      transformDirectoryRoleAssignments(
        [{ id: 'x' }, { id: 'y', roleDefinitionId: null }, { id: 'z', roleDefinitionId: 42 as unknown as string }],
        definitions,
      ),
    ).toEqual([]);
  });

  it('rates the roles the rules name as Microsoft describes them', () => {
    expect(rateDirectoryRole(DIRECTORY_ROLE_TEMPLATES.cloudApplicationAdministrator, null)).toMatchObject({
      access: 'admin',
      pathToAdmin: true,
    });
    expect(rateDirectoryRole(DIRECTORY_ROLE_TEMPLATES.directoryReaders, null)).toMatchObject({
      access: 'read',
      pathToAdmin: false,
    });
    expect(rateDirectoryRole('00000000-1111-2222-3333-444444444444', 'Billing Reader').access).toBe('read');
  });
});

describe('managed identities', () => {
  const mi = (alternativeNames: string[] | null): WireServicePrincipal => ({
    id: 'mi',
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames,
  });

  it('tell user-assigned (isExplicit=True) from system-assigned (isExplicit=False or none)', () => {
    expect(managedIdentityType(mi(['isExplicit=True', '/subscriptions/s/…/userAssignedIdentities/x']))).toBe(
      'UserAssigned',
    );
    expect(managedIdentityType(mi(['isExplicit=False', '/subscriptions/s/…/Microsoft.Web/sites/f']))).toBe(
      'SystemAssigned',
    );
    expect(managedIdentityType(mi(['/subscriptions/s/…/virtualMachines/vm']))).toBe('SystemAssigned');
    expect(managedIdentityType(mi(null))).toBe('SystemAssigned');
  });

  it('are workload identities with their kind and resource, and only they carry one', () => {
    const byName = new Map(fixtureIdentities().map((i) => [i.name, Identity.parse(i)]));
    expect(byName.get('func-billing-prod')).toMatchObject({
      kind: 'workload_identity',
      attributes: {
        managedIdentityType: 'SystemAssigned',
        managedIdentityResource:
          '/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-billing/providers/Microsoft.Web/sites/func-billing-prod',
      },
    });
    expect(byName.get('mi-aks-prod')?.attributes.managedIdentityType).toBe('UserAssigned');
    for (const [name, i] of byName)
      if (i.kind !== 'workload_identity') expect(i.attributes.managedIdentityType, name).toBeNull();
  });
});
