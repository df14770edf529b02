import type { RemediationAction } from '../../../remediation/action.js';
import { appActivate } from './app-activate.js';
import { appDeactivate } from './app-deactivate.js';
import { clientSecretRotate } from './client-secret-rotate.js';

/** Okta remediation actions, one file each. */
export const oktaActions: RemediationAction[] = [appDeactivate, appActivate, clientSecretRotate];
