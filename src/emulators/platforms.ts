import type { EmulatorPlugin } from './registry.js';

/** Every platform emulator. Adding a platform: one import and one entry here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EMULATORS: EmulatorPlugin<any>[] = [];
