import { appResolutionAction } from './app-resolution.js';

/** Approves a restricted Slack app again: the inverse of restricting an app the org had approved. */
export const appApprove = appResolutionAction({
  id: 'slack.app.approve',
  title: 'Approve a Slack app again (Enterprise Grid)',
  to: 'approved',
  inverse: 'slack.app.restrict',
});
