import { describe, it } from 'vitest';
import { actionDrill } from '../../../testing/remediation.js';

/** Okta actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('okta');

describe('okta actions', () => {
  it('deactivates apps and rolls back to the starting inventory', async () => {
    await drill.disableAndRollBack('okta.app.deactivate', 'status INACTIVE');
  }, 120_000);
});
