import type { Platform } from '../platform.js';
import { slackActions } from './actions/index.js';
import { slackActivity } from './activity/index.js';
import { slackConnector } from './connector/index.js';
import { slackRisks } from './risks.js';
import { slackRules } from './rules/index.js';

export const slack: Platform = {
  id: 'slack',
  title: 'Slack',
  connector: slackConnector,
  rules: slackRules,
  risks: slackRisks,
  actions: slackActions,
  activity: slackActivity,
  // A member list, not an IdP: deactivated accounts say someone left, but its word on employment does not count.
  people: { authoritative: false, precedence: 5 },
  // A fresh store's start order (heaviest first): apps and bots of one workspace or grid.
  scanCost: 1,
  emulation: async () => (await import('./emulation.js')).emulation,
};
