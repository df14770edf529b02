import type { RemediationAction } from '../../../remediation/action.js';
import { accessKeyActivate } from './access-key-activate.js';
import { accessKeyDeactivate } from './access-key-deactivate.js';
import { accessKeyRotate } from './access-key-rotate.js';
import { policyReduceToUsed } from './policy-reduce.js';
import { policyRestore } from './policy-restore.js';

/** AWS remediation actions, one file each. */
export const awsActions: RemediationAction[] = [
  accessKeyDeactivate,
  accessKeyActivate,
  accessKeyRotate,
  policyReduceToUsed,
  policyRestore,
];
