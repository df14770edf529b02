import type { Platform } from '../platform.js';
import { awsActions } from './actions/index.js';
import { awsActivity } from './activity/index.js';
import { awsConnector } from './connector/index.js';
import { awsRisks } from './risks.js';
import { awsRules } from './rules/index.js';

export const aws: Platform = {
  id: 'aws',
  title: 'AWS IAM',
  connector: awsConnector,
  rules: awsRules,
  risks: awsRisks,
  people: { authoritative: false, precedence: 7 },
  // A fresh store's start order (heaviest first): one account; an organization expands into one job per member account.
  scanCost: 3,
  actions: awsActions,
  activity: awsActivity,
  emulation: async () => (await import('./emulation.js')).emulation,
};
