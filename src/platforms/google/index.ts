import type { Platform } from '../platform.js';
import { googleActions } from './actions/index.js';
import { googleActivity } from './activity/index.js';
import { googleConnector } from './connector/index.js';
import { googleRisks } from './risks.js';
import { googleRules } from './rules/index.js';

export const google: Platform = {
  id: 'google',
  title: 'Google Workspace and Cloud IAM',
  connector: googleConnector,
  rules: googleRules,
  risks: googleRisks,
  actions: googleActions,
  activity: googleActivity,
  // An IdP: Workspace accounts are how people sign in, and archiving or suspending one is how they are offboarded,
  // so its word on employment counts; ranked after HR (0), Entra (1) and Okta (2), which usually feed it.
  people: { authoritative: true, precedence: 3 },
  // A fresh store's start order (heaviest first): service accounts and their keys, per project.
  scanCost: 3,
  emulation: async () => (await import('./emulation.js')).emulation,
};
