import { describe, expect, it } from 'vitest';
import { ratePermission } from './permission-tiers.js';

// Agreement with the estate's own catalogue is checked in ../estate/agreement.test.ts.
describe('Entra permission tiers', () => {
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
