import type { RemediationAction } from '../../../remediation/action.js';
import { deployKeyDelete } from './deploy-key-delete.js';
import { webhookActivate } from './webhook-activate.js';
import { webhookDeactivate } from './webhook-deactivate.js';

/**
 * GitHub remediation actions, one file each. App installation suspend/unsuspend is not here: GitHub allows it only
 * with the app owner's JWT, never an installing organization's token (docs.github.com, "Suspending a GitHub App
 * installation"), so Steward cannot suspend a third-party app it does not own.
 */
export const githubActions: RemediationAction[] = [webhookDeactivate, webhookActivate, deployKeyDelete];
