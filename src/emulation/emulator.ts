import type { PlatformId } from '../model/index.js';
import type { PlantedActivity } from './estate/activity.js';
import type { FaultInput, RunningEmulator } from './kit/index.js';

export interface StartedPlatform {
  emulator: RunningEmulator;
  /** Ready-made `tenants:` entries pointing at this emulator (secrets as { env } references). */
  tenants: Array<{ platform: PlatformId; tenant: string; options: Record<string, unknown> }>;
  /** Environment variables those references need (the emulator's generated, meaningless tokens). */
  env: Record<string, string>;
}

/** One platform's emulator. Lives in src/platforms/<id>/emulator/ and is reached through the registry entry's `emulation()`. */
export interface EmulatorPlugin<T = unknown> {
  platform: PlatformId;
  start(data: T, options?: EmulatorStartOptions): Promise<StartedPlatform>;
  /** The planted-activity formats (`PlantedActivity.format`) it serves on an activity endpoint; absent = none. */
  activityFormats?: readonly string[];
}

export interface EmulatorStartOptions {
  port?: number;
  faults?: FaultInput;
  /**
   * The estate's planted activity (its platform's generator's logs, in the vendor's wire format): an emulator with
   * an activity endpoint serves these records there, besides what it derives from the estate; others ignore it.
   */
  activity?: readonly PlantedActivity[];
}
