import type { Platform } from '../platform.js';
import { githubActions } from './actions/index.js';
import { githubActivity } from './activity/index.js';
import { githubConnector } from './connector/index.js';
import { githubRisks } from './risks.js';
import { githubRules } from './rules/index.js';

export const github: Platform = {
  id: 'github',
  title: 'GitHub',
  connector: githubConnector,
  rules: githubRules,
  risks: githubRisks,
  people: { authoritative: false, precedence: 4 },
  // A fresh store's start order (heaviest first): one call per org list, then three per repository: the heaviest tenant of a typical estate.
  scanCost: 9,
  actions: githubActions,
  activity: githubActivity,
  emulation: async () => (await import('./emulation.js')).emulation,
};
