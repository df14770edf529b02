import type { PlatformId } from '../model/index.js';
import type { AnyConnector } from './runtime/connector.js';

/** Every connector. Adding a platform: one import and one entry here. */
export const CONNECTORS: AnyConnector[] = [];

export function connectorFor(platform: PlatformId): AnyConnector | undefined {
  return CONNECTORS.find((c) => c.platform === platform);
}
