import type { Rule } from '../../../analysis/risk/types.js';
import { rule as defaultSaBroadRole } from './google-default-sa-broad-role.js';
import { rule as disabledSaActiveKeys } from './google-disabled-sa-active-keys.js';
import { rule as keyExposed } from './google-sa-key-exposed.js';
import { rule as keyNoExpiry } from './google-sa-key-no-expiry.js';
import { rule as keyNotRotated } from './google-sa-key-not-rotated.js';
import { rule as keyUnused } from './google-sa-key-unused.js';
import { rule as ownerEditor } from './google-sa-owner-editor.js';
import { rule as wifNoCondition } from './google-wif-provider-no-condition.js';

/** The Google Cloud IAM rules (one file each), appended to googleRules. */
export const cloudRules: Rule[] = [
  keyNotRotated,
  keyNoExpiry,
  keyExposed,
  keyUnused,
  ownerEditor,
  defaultSaBroadRole,
  disabledSaActiveKeys,
  wifNoCondition,
];
