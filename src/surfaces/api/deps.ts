import type { RemediationService } from './remediation.js';
import type { AnalysisCatalogue } from '../../analysis/analysis.js';
import type { StewardConfig } from '../../config/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { DeliveryReport, Notification } from '../../notifications/index.js';
import type { Store } from '../../store/index.js';
import type { TokenVerifier } from './auth.js';
import type { FigureCache } from './figure-cache.js';
import type { Scans } from './scans.js';

/** What the registry says of one platform (handed in by the CLI: the server imports no platform). */
export interface PlatformInfo {
  id: string;
  title: string;
  nativeTypes: string[];
}

/** Everything a route handler may use. */
export interface ApiDeps {
  store: Store;
  config: StewardConfig;
  catalogue: AnalysisCatalogue;
  clock: Clock;
  platforms: readonly PlatformInfo[];
  tokens: TokenVerifier;
  scans: Scans;
  /** Tells the other server processes (`serve --workers`) a token was revoked, so they forget it at once. */
  announceRevoked?: (tokenId: string) => Promise<void>;
  /** Costly store-wide figures (the overview, unfiltered totals), kept a while and dropped after each write. */
  cache: FigureCache;
  /** The registered remediation actions and how to reach each tenant; absent = remediation routes answer 409. */
  remediation?: RemediationService;
  /** Sends events through the configured notifications (`steward serve` wires it); absent = nothing is sent. */
  notify?: (events: Notification[]) => Promise<DeliveryReport[]>;
}
