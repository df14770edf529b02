import { serviceAccountEnabledAction } from './service-account-enabled.js';

/** Disables a Google Cloud service account: none of its keys or tokens authenticate until it is enabled. */
export const serviceAccountDisable = serviceAccountEnabledAction({
  id: 'google.service-account.disable',
  title: 'Disable a Google Cloud service account',
  enabled: false,
  inverse: 'google.service-account.enable',
});
