import { appLifecycleAction } from './app-lifecycle.js';

/** Re-activates an Okta app: the inverse of deactivating it. */
export const appActivate = appLifecycleAction({
  id: 'okta.app.activate',
  title: 'Re-activate an Okta app',
  active: true,
  inverse: 'okta.app.deactivate',
});
