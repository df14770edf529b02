import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * Starts a worker thread on `entry`. From the TypeScript sources (a `.ts` entry) the thread registers tsx first,
 * as bin/steward.js does for the main thread.
 */
export function startWorkerThread(entry: URL, data: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: data });
  // tsx's ESM API (its package exports put index.mjs beside the index.cjs that require resolves).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  );
  const boot = `import(${JSON.stringify(tsx.href)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** The module `name` beside the caller (`import.meta.url`), with the caller's extension (.ts from source, .js built). */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`${name}${extname(fileURLToPath(callerUrl))}`, callerUrl);
}

const CLOSE = '__close__';

type TaskReply = { id: number; value: unknown } | { id: number; error: string };

/** A worker thread that answers calls one by one (its entry calls `serveTasks`). */
export class TaskThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(entry: URL, init: unknown) {
    this.worker = startWorkerThread(entry, init);
    this.worker.on('message', (reply: TaskReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(`${reply.error} (in a worker thread)`));
      else p.resolve(reply.value);
    });
    const failAll = (error: Error) => {
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`a worker thread exited with code ${code}`)));
  }

  call<T>(task: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, task });
    });
  }

  /** Lets the thread release what it holds (its `onClose`), then stops it. */
  async close(): Promise<void> {
    await this.call(CLOSE).catch(() => undefined);
    await this.worker.terminate();
  }
}

/**
 * The thread side of `TaskThread`: every call's task goes to `handle`, with the thread's init data; `onClose` runs
 * before the caller stops the thread.
 */
export function serveTasks<Init>(
  handle: (task: unknown, init: Init) => Promise<unknown>,
  onClose?: () => Promise<void>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread');
  port.on('message', async ({ id, task }: { id: number; task: unknown }) => {
    try {
      const value = task === CLOSE ? await onClose?.() : await handle(task, workerData as Init);
      port.postMessage({ id, value } satisfies TaskReply);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies TaskReply);
    }
  });
}

/**
 * The warning filter bin/steward.js installs, for a thread (each has its own `process` events): the AWS SDK warns in
 * every thread that its 2027 releases need Node 22, which is for us to track, not users.
 */
export function filterThreadWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (!warning.message.startsWith('NodeVersionSupportWarning'))
      process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
