import { keyEnabledAction } from './sa-key-enabled.js';

/** Disables a user-managed service-account key: it no longer authenticates until enabled again. */
export const saKeyDisable = keyEnabledAction({
  id: 'google.sa-key.disable',
  title: 'Disable a Google Cloud service-account key',
  enabled: false,
  inverse: 'google.sa-key.enable',
});
