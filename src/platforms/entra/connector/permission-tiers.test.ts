import { describe, expect, it } from 'vitest';
import { allPermissionFacts } from '../estate/index.js';
import { ratePermission } from './permission-tiers.js';

describe('Entra permission tiers', () => {
  it('rates every permission the generated estate uses as the ground truth assumes', () => {
    for (const f of allPermissionFacts()) {
      const r = ratePermission(f.type, f.value);
      expect({
        name: `${f.type}:${f.value}`,
        access: r.access,
        sensitivity: r.sensitivity,
        pathToAdmin: r.pathToAdmin,
      }).toEqual({
        name: `${f.type}:${f.value}`,
        access: f.access,
        sensitivity: f.sensitivity,
        pathToAdmin: f.pathToAdmin,
      });
    }
  });

  it('marks the documented paths to Global Administrator', () => {
    for (const p of [
      'AppRoleAssignment.ReadWrite.All',
      'RoleManagement.ReadWrite.Directory',
      'Application.ReadWrite.All',
      'Directory.ReadWrite.All',
    ]) {
      expect(ratePermission('Application', p).pathToAdmin, p).toBe(true);
    }
    expect(ratePermission('Application', 'User.Read.All').pathToAdmin).toBe(false);
  });

  it('falls back to naming heuristics for permissions not in the table', () => {
    expect(ratePermission('Application', 'TeamsActivity.Send')).toMatchObject({ access: 'write' });
    expect(ratePermission('Application', 'Sites.Manage.All')).toMatchObject({ access: 'write', sensitivity: 'high' });
    expect(ratePermission('Delegated', 'Tasks.Read')).toMatchObject({ access: 'read' });
    expect(ratePermission('Application', 'Sites.FullControl.All')).toMatchObject({ access: 'admin' });
  });
});
