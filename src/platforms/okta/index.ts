import type { Platform } from '../platform.js';
import { oktaActions } from './actions/index.js';
import { oktaActivity } from './activity/index.js';
import { oktaConnector } from './connector/index.js';
import { oktaRisks } from './risks.js';
import { oktaRules } from './rules/index.js';

export const okta: Platform = {
  id: 'okta',
  title: 'Okta',
  connector: oktaConnector,
  rules: oktaRules,
  risks: oktaRisks,
  // An IdP: its word on employment counts; ranked after HR (0) and Entra (1) for names, managers and teams.
  people: { authoritative: true, precedence: 2 },
  // A fresh store's start order (heaviest first): per-app fan-out (grants, credentials of every app).
  scanCost: 8,
  actions: oktaActions,
  activity: oktaActivity,
  emulation: async () => (await import('./emulation.js')).emulation,
};
