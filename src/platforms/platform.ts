import type { RiskDefinition } from '../analysis/risk/catalogue.js';
import type { Rule } from '../analysis/risk/types.js';
import type { PeopleSource } from '../analysis/ownership/people.js';
import type { EmulatorPlugin } from '../emulation/emulator.js';
import type { ActivityGenerator } from '../emulation/estate/activity.js';
import type { PlatformGenerator } from '../emulation/estate/generator.js';
import type { PlatformId } from '../model/index.js';
import type { RemediationAction } from '../remediation/action.js';
import type { PlatformActivity } from '../monitoring/event.js';
import type { AnyConnector } from '../sync/connector.js';

/** What `steward demo`, `steward emulate`, tests and the benchmark need of a platform; never loaded by a scan. */
export interface PlatformEmulation {
  emulator: EmulatorPlugin;
  generator: PlatformGenerator;
  /** Planted activity of the generated estate (the demo imports it after its scan); absent = none. */
  activity?: ActivityGenerator;
}

/**
 * One platform: everything Steward knows of one vendor, from src/platforms/<id>/. Listed once in ./registry.ts.
 */
export interface Platform {
  id: PlatformId;
  title: string;
  connector: AnyConnector;
  /** Rules that read this platform's facts (generic rules live in src/analysis/risk/rules/). */
  rules: Rule[];
  /** The planted-risk definitions of those rules (ids = rule ids), shared with the estate generator's oracle. */
  risks: RiskDefinition[];
  /** Whether this platform's users feed the people directory, and how far their word counts; null = not at all. */
  people: PeopleSource | null;
  /**
   * Relative cost of a full scan of a typical tenant of this platform, against the other platforms' (1 = the
   * lightest). Only orders the jobs of a tenant that has no previous full run (a fresh store), so the heaviest starts
   * first; afterwards the tenant's last run's API calls do. Taken from the seven-platform benchmark's run times.
   */
  scanCost: number;
  /** Remediation actions (src/platforms/<id>/actions/, one file each); none when absent. */
  actions?: readonly RemediationAction[];
  /** The activity logs Steward can read for this platform (`steward events import`); absent = none yet. */
  activity?: PlatformActivity;
  /** Loads the emulator and the estate generator (a dynamic import, so production scans never load them). */
  emulation(): Promise<PlatformEmulation>;
}
