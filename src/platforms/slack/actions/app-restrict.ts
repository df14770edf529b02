import { appResolutionAction } from './app-resolution.js';

/** Restricts an approved Slack app on the Enterprise Grid org: nobody can install it again until it is approved. */
export const appRestrict = appResolutionAction({
  id: 'slack.app.restrict',
  title: 'Restrict a Slack app (Enterprise Grid)',
  to: 'restricted',
  inverse: 'slack.app.approve',
});
