import type { Platform } from '../platform.js';
import { entraActions } from './actions/index.js';
import { entraActivity } from './activity/index.js';
import { entraConnector } from './connector/index.js';
import { entraRisks } from './risks.js';
import { entraRules } from './rules/index.js';

export const entra: Platform = {
  id: 'entra',
  title: 'Microsoft Entra ID',
  connector: entraConnector,
  rules: entraRules,
  risks: entraRisks,
  people: { authoritative: true, precedence: 1 },
  // A fresh store's start order (heaviest first): applications and service principals with their owners and role assignments.
  scanCost: 5,
  actions: entraActions,
  activity: entraActivity,
  emulation: async () => (await import('./emulation.js')).emulation,
};
