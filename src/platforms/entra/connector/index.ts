import { entraFacts } from '../facts.js';
import type { Connector } from '../../../sync/connector.js';
import { EntraOptions } from './options.js';
import { scanEntra } from './scan.js';
import { ENTRA_SECRET_FIELDS, ENTRA_SOURCES } from './sources.js';

export { EntraOptions } from './options.js';

/** Microsoft Entra ID through Microsoft Graph (@microsoft/microsoft-graph-client), with delta queries. */
export const entraConnector: Connector<EntraOptions> = {
  platform: 'entra',
  title: 'Microsoft Entra ID (Microsoft Graph)',
  facts: entraFacts,
  sources: ENTRA_SOURCES,
  secretFields: ENTRA_SECRET_FIELDS,
  optionsSchema: EntraOptions,
  scan: scanEntra,
};
