import { keyEnabledAction } from './sa-key-enabled.js';

/** Re-enables a service-account key: the inverse of disabling it (never for a key Google flagged as exposed). */
export const saKeyEnable = keyEnabledAction({
  id: 'google.sa-key.enable',
  title: 'Re-enable a Google Cloud service-account key',
  enabled: true,
  inverse: 'google.sa-key.disable',
});
