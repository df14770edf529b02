import type { PlatformEmulation } from '../platform.js';
import { githubEmulator } from './emulator/index.js';
import { githubActivity } from './estate/activity.js';
import { githubGenerator } from './estate/generate.js';

/** Loaded on demand by the registry entry (./index.ts), never by a scan. */
export const emulation: PlatformEmulation = {
  emulator: githubEmulator,
  generator: githubGenerator,
  activity: githubActivity,
};
