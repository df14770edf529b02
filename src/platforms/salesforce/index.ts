import type { Platform } from '../platform.js';
import { salesforceActions } from './actions/index.js';
import { salesforceActivity } from './activity/index.js';
import { salesforceConnector } from './connector/index.js';
import { salesforceRisks } from './risks.js';
import { salesforceRules } from './rules/index.js';

export const salesforce: Platform = {
  id: 'salesforce',
  title: 'Salesforce',
  connector: salesforceConnector,
  rules: salesforceRules,
  risks: salesforceRisks,
  actions: salesforceActions,
  activity: salesforceActivity,
  // Not an IdP: IsActive says whether the org still lets a user in, not whether they left; ranked after Okta and GitHub.
  people: { authoritative: false, precedence: 6 },
  // A fresh store's start order (heaviest first): connected apps and integration users: a few bulk queries.
  scanCost: 1,
  emulation: async () => (await import('./emulation.js')).emulation,
};
