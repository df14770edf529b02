import { serviceAccountEnabledAction } from './service-account-enabled.js';

/** Re-enables a Google Cloud service account: the inverse of disabling it. */
export const serviceAccountEnable = serviceAccountEnabledAction({
  id: 'google.service-account.enable',
  title: 'Re-enable a Google Cloud service account',
  enabled: true,
  inverse: 'google.service-account.disable',
});
