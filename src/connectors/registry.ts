import type { PlatformId } from '../model/index.js';
import type { AnyConnector } from './runtime/connector.js';
import { entraConnector } from './entra/index.js';
import { githubConnector } from './github/index.js';
import { awsConnector } from './aws/index.js';

/** Every connector. Adding a platform: one import and one entry here. */
export const CONNECTORS: AnyConnector[] = [entraConnector, githubConnector, awsConnector];

export function connectorFor(platform: PlatformId): AnyConnector | undefined {
  return CONNECTORS.find((c) => c.platform === platform);
}
