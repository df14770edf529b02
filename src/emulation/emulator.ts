import type { PlatformId } from '../model/index.js';
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
  start(data: T, options?: { port?: number; faults?: FaultInput }): Promise<StartedPlatform>;
}
