import { siblingModule, TaskThread } from '../lib/worker-thread.js';
import type { Estate } from './estate/index.js';
import type { EmulatorThreadInit, EmulatorThreadReady } from './emulator-thread.js';
import { type EstateEmulationOptions, emulatorStarts } from './start.js';

export interface EmulatorThreads {
  started: Array<{ name: string; url: string }>;
  tenants: EmulatorThreadReady['tenants'];
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * `steward emulate`: every platform's emulator in its own worker thread, with a copy of its part of the estate. One
 * event loop and one heap for every emulator made each request cost twice as much at 1M NHIs: the scavenges and
 * full collections of a heap holding the whole estate (~5 GB) were 40 % of its CPU. Apart, each emulator's heap
 * holds only its platform, and the emulators use every core the scanner leaves idle. What they serve is the same
 * (the same data, the same code); tests and the demo, which reach into a running emulator (faults, request counts),
 * keep `startEmulatedEstate`.
 */
export async function startEmulatorThreads(
  estate: Estate,
  options: EstateEmulationOptions = {},
): Promise<EmulatorThreads> {
  const threads: TaskThread[] = [];
  const close = async () => {
    await Promise.all(threads.map((t) => t.close()));
  };
  try {
    const ready: EmulatorThreadReady[] = [];
    for (const { plugin, data, start } of await emulatorStarts(estate, options)) {
      const init: EmulatorThreadInit = { platform: plugin.platform, data, ...start };
      const thread = new TaskThread(siblingModule(import.meta.url, 'emulator-thread'), init);
      threads.push(thread);
      ready.push(await thread.call<EmulatorThreadReady>('start'));
    }
    return {
      started: ready.map((r) => ({ name: r.name, url: r.url })),
      tenants: ready.flatMap((r) => r.tenants),
      env: Object.assign({}, ...ready.map((r) => r.env)),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
