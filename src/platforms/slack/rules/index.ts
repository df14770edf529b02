import type { Rule } from '../../../analysis/risk/types.js';
import { rule as slackAppRequestPending } from './slack-app-request-pending.js';
import { rule as slackBotTokenAdminScopes } from './slack-bot-token-admin-scopes.js';
import { rule as slackThirdPartyAppSensitiveScopes } from './slack-third-party-app-sensitive-scopes.js';

/** This platform's rules, one file each (ids = ../risks.ts). */
export const slackRules: Rule[] = [slackThirdPartyAppSensitiveScopes, slackBotTokenAdminScopes, slackAppRequestPending];
