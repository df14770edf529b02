import type { RemediationAction } from '../../../remediation/action.js';
import { oauthClientRevoke } from './oauth-client-revoke.js';
import { saKeyDisable } from './sa-key-disable.js';
import { saKeyEnable } from './sa-key-enable.js';
import { saKeyRotate } from './sa-key-rotate.js';
import { serviceAccountDisable } from './service-account-disable.js';
import { serviceAccountEnable } from './service-account-enable.js';

/** Google remediation actions, one file each. */
export const googleActions: RemediationAction[] = [
  saKeyDisable,
  saKeyEnable,
  serviceAccountDisable,
  serviceAccountEnable,
  oauthClientRevoke,
  saKeyRotate,
];
