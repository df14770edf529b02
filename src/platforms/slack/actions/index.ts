import type { RemediationAction } from '../../../remediation/action.js';
import { appApprove } from './app-approve.js';
import { appRestrict } from './app-restrict.js';

/** Slack remediation actions, one file each. */
export const slackActions: RemediationAction[] = [appRestrict, appApprove];
