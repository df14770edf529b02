import { appLifecycleAction } from './app-lifecycle.js';

/** Deactivates an Okta app (service or OAuth app): no tokens, no sign-ins until re-activated. */
export const appDeactivate = appLifecycleAction({
  id: 'okta.app.deactivate',
  title: 'Deactivate an Okta app',
  active: false,
  inverse: 'okta.app.activate',
});
