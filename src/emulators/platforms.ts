import type { EmulatorPlugin } from './registry.js';
import { githubEmulator } from './github/index.js';
import { entraEmulator } from './entra/index.js';
import { awsEmulatorPlugin } from './aws/index.js';

/** Every platform emulator. Adding a platform: one import and one entry here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EMULATORS: EmulatorPlugin<any>[] = [
  githubEmulator,
  entraEmulator,
  awsEmulatorPlugin,
];
