import { parentPort, type Worker, workerData } from 'node:worker_threads';
import { startWorkerThread } from '../lib/worker-thread.js';
import { redact, type Logger, type LogLevel } from '../lib/logger.js';
import type { SyncRun } from '../model/index.js';
import { describeError, runOne, type SyncEvent, type SyncOptions, type TenantJob } from './engine.js';

/**
 * Sync on more than one core. One steward process is one event loop, and a large scan keeps it busy (SDK request
 * handling, transforms, store writes) while the machine's other cores idle. `SyncThreads` runs each tenant job in
 * one of N worker threads, each with its own store connection and connectors; runs, progress events and log lines
 * come back to the caller as if the job had run in-process. Peak RSS stays one process's (the bench measures it).
 */

/** What the caller's thread entry needs to build a thread's SyncOptions (structured-cloneable). */
export interface SyncThreadInit {
  store: string;
  keepRawDir?: string;
  lockWaitMs?: number;
  logLevel: LogLevel;
  memoryBudgetMb: number | null;
}

type ToThread = { type: 'run'; id: number; job: TenantJob } | { type: 'abort' } | { type: 'close' };
type FromThread =
  | { type: 'event'; id: number; event: SyncEvent }
  | { type: 'lock-wait'; id: number; holder: string }
  | { type: 'log'; level: LogLevel; message: string }
  | { type: 'done'; id: number; run: SyncRun }
  | { type: 'failed'; id: number; error: string }
  | { type: 'closed' };

interface Pending {
  job: TenantJob;
  onEvent?: (event: SyncEvent) => void;
  onLockWait?: (job: TenantJob, holder: string) => void;
  resolve: (run: SyncRun) => void;
  reject: (error: Error) => void;
  thread: ThreadHandle;
}

interface ThreadHandle {
  worker: Worker;
  running: number;
  closed: Promise<void>;
}

export class SyncThreads {
  private readonly threads: ThreadHandle[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    count: number,
    entry: URL,
    init: SyncThreadInit,
    private readonly log?: Logger,
  ) {
    this.threads = Array.from({ length: count }, () => this.startThread(entry, init));
  }

  private startThread(entry: URL, init: SyncThreadInit): ThreadHandle {
    const worker = startWorkerThread(entry, init);
    let markClosed: () => void = () => {};
    const thread: ThreadHandle = { worker, running: 0, closed: new Promise((r) => (markClosed = r)) };
    worker.on('message', (msg: FromThread) => this.receive(msg));
    worker.on('error', (error) => this.failThread(thread, error));
    worker.on('exit', (code) => {
      markClosed();
      if (code !== 0) this.failThread(thread, new Error(`a sync thread exited with code ${code}`));
    });
    return thread;
  }

  private receive(msg: FromThread): void {
    if (msg.type === 'log') {
      this.log?.[msg.level](msg.message);
      return;
    }
    const p = msg.type === 'closed' ? undefined : this.pending.get(msg.id);
    if (!p || msg.type === 'closed') return;
    // Progress keys on the caller's own job object; the thread's copy is a clone.
    if (msg.type === 'event') p.onEvent?.({ ...msg.event, job: p.job } as SyncEvent);
    else if (msg.type === 'lock-wait') p.onLockWait?.(p.job, msg.holder);
    else {
      this.pending.delete(msg.id);
      p.thread.running--;
      if (msg.type === 'done') p.resolve(msg.run);
      else p.reject(new Error(`${msg.error} (in a sync thread)`));
    }
  }

  private failThread(thread: ThreadHandle, error: Error): void {
    for (const [id, p] of this.pending) {
      if (p.thread !== thread) continue;
      this.pending.delete(id);
      p.reject(new Error(`sync thread failed: ${describeError(error)}`));
    }
  }

  /** Runs one job on the thread with the fewest jobs running. */
  run(
    job: TenantJob,
    handlers: { onEvent?: (event: SyncEvent) => void; onLockWait?: (job: TenantJob, holder: string) => void } = {},
  ): Promise<SyncRun> {
    const thread = this.threads.reduce((a, b) => (b.running < a.running ? b : a));
    const id = this.nextId++;
    thread.running++;
    return new Promise<SyncRun>((resolve, reject) => {
      this.pending.set(id, { job, ...handlers, resolve, reject, thread });
      thread.worker.postMessage({ type: 'run', id, job } satisfies ToThread);
    });
  }

  abort(): void {
    for (const t of this.threads) t.worker.postMessage({ type: 'abort' } satisfies ToThread);
  }

  /** Lets every thread close its store, then stops it (keep-alive sockets would otherwise keep it running). */
  async close(): Promise<void> {
    await Promise.all(
      this.threads.map(async (t) => {
        t.worker.postMessage({ type: 'close' } satisfies ToThread);
        const stopped = await Promise.race([
          new Promise<boolean>((r) => t.worker.once('message', (m: FromThread) => r(m.type === 'closed'))),
          t.closed.then(() => false),
        ]);
        if (stopped) await t.worker.terminate();
      }),
    );
  }
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * A Logger whose lines go to the caller's logger. Redacted here too: secrets this thread resolved are registered in
 * this thread only.
 */
function forwardingLogger(post: (msg: FromThread) => void, min: LogLevel, prefix = ''): Logger {
  const at = (level: LogLevel) => (message: string) => {
    if (LEVELS.indexOf(level) >= LEVELS.indexOf(min))
      post({ type: 'log', level, message: redact(`${prefix}${message}`) });
  };
  return {
    level: min,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (p: string) => forwardingLogger(post, min, `${prefix}[${p}] `),
  };
}

/**
 * The thread side: `setup` builds the thread's SyncOptions once (store, connectors, clock) from the caller's init;
 * then every job the caller sends runs through the engine's `runOne`, exactly as in-process.
 */
export function serveSyncThread(
  setup: (init: SyncThreadInit) => Promise<Pick<SyncOptions, 'store' | 'connectors' | 'clock'>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveSyncThread runs in a worker thread');
  const init = workerData as SyncThreadInit;
  const post = (msg: FromThread) => port.postMessage(msg);
  const log = forwardingLogger(post, init.logLevel);
  const abort = new AbortController();
  const ready = setup(init);
  port.on('message', async (msg: ToThread) => {
    if (msg.type === 'abort') return abort.abort();
    if (msg.type === 'close') {
      await (await ready).store.close();
      return post({ type: 'closed' });
    }
    try {
      const base = await ready;
      const run = await runOne(msg.job, {
        ...base,
        keepRawDir: init.keepRawDir,
        tenantLock: {
          waitMs: init.lockWaitMs ?? 10 * 60_000,
          onWait: (_job, holder) => post({ type: 'lock-wait', id: msg.id, holder }),
        },
        log,
        signal: abort.signal,
        onEvent: (event) => post({ type: 'event', id: msg.id, event }),
      });
      post({ type: 'done', id: msg.id, run });
    } catch (error) {
      post({ type: 'failed', id: msg.id, error: redact(describeError(error)) });
    }
  });
}
