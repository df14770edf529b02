import type { Rule } from '../../../analysis/risk/types.js';
import { cloudRules } from './cloud.js';
import { rule as dwdBroadScopes } from './google-dwd-broad-scopes.js';
import { rule as dwdUnknownClient } from './google-dwd-unknown-client.js';
import { rule as highScopesWidelyGranted } from './google-oauth-client-high-scopes-widely-granted.js';
import { rule as unregistered } from './google-oauth-client-unregistered.js';

/** This platform's rules, one file each (ids = ../risks.ts): Workspace here, Cloud in ./cloud.ts. */
export const googleRules: Rule[] = [
  highScopesWidelyGranted,
  unregistered,
  dwdBroadScopes,
  dwdUnknownClient,
  ...cloudRules,
];
