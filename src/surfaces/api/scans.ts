import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ApiError } from './errors.js';

/** One Server-Sent Event of a scan: `progress` and `source` while it runs, then `finished` or `failed`. */
export interface ScanEvent {
  event: 'progress' | 'source' | 'finished' | 'failed';
  data: Record<string, unknown>;
}

export interface ScanRequest {
  platform?: string;
  tenant?: string;
}

/**
 * Runs a scan (the CLI hands in `steward scan`'s own code, src/surfaces/cli/commands/serve.ts) and reports through
 * `emit`; resolves with what to send as `finished`.
 */
export type ScanFunction = (request: ScanRequest, emit: (event: ScanEvent) => void) => Promise<Record<string, unknown>>;

interface ScanState {
  id: string;
  events: ScanEvent[];
  done: boolean;
  bus: EventEmitter;
}

const KEEP_FINISHED = 20;

/** What the API needs of scans: start one, follow one. */
export interface Scans {
  /** Resolves with the new scan's id; throws ApiError conflict when one is running. */
  start(request: ScanRequest, onDone?: () => void): Promise<string>;
  /** Replays what happened so far, then follows until the scan ends; returns an unsubscribe function. */
  follow(id: string, onEvent: (e: ScanEvent) => void, onEnd: () => void): () => void;
}

/** The events of scans, kept so a late subscriber sees them all (the last KEEP_FINISHED finished ones). */
class ScanLog {
  private readonly scans = new Map<string, ScanState>();
  private readonly doneListeners = new Map<string, () => void>();

  open(id: string, onDone?: () => void): void {
    this.scans.set(id, { id, events: [], done: false, bus: new EventEmitter() });
    if (onDone) this.doneListeners.set(id, onDone);
    this.forgetOld();
  }

  record(id: string, event: ScanEvent): void {
    const state = this.scans.get(id);
    if (!state) return;
    state.events.push(event);
    state.bus.emit('event', event);
  }

  end(id: string): void {
    const state = this.scans.get(id);
    if (!state) return;
    state.done = true;
    state.bus.emit('end');
    this.doneListeners.get(id)?.();
    this.doneListeners.delete(id);
  }

  follow(id: string, onEvent: (e: ScanEvent) => void, onEnd: () => void): () => void {
    const state = this.scans.get(id);
    if (!state) throw new ApiError('not_found', `no scan ${id}`);
    for (const e of state.events) onEvent(e);
    if (state.done) {
      onEnd();
      return () => {};
    }
    state.bus.on('event', onEvent);
    state.bus.once('end', onEnd);
    return () => {
      state.bus.off('event', onEvent);
      state.bus.off('end', onEnd);
    };
  }

  private forgetOld(): void {
    const finished = [...this.scans.values()].filter((s) => s.done);
    for (const s of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.scans.delete(s.id);
  }
}

/** Hears every scan's events (a `serve --workers` primary passes them on to its workers). */
export interface ScanListener {
  opened(id: string): void;
  recorded(id: string, event: ScanEvent): void;
  ended(id: string): void;
}

/** Scans triggered through the API: one at a time in this process. */
export class ScanManager implements Scans {
  private readonly log = new ScanLog();
  private running: string | null = null;
  constructor(
    private readonly scan: ScanFunction | null,
    private readonly listener?: ScanListener,
  ) {}

  async start(request: ScanRequest, onDone?: () => void): Promise<string> {
    if (!this.scan) throw new ApiError('conflict', 'this server was started without a way to scan');
    if (this.running) throw new ApiError('conflict', `scan ${this.running} is still running; one scan at a time`);
    const id = randomUUID();
    this.log.open(id, onDone);
    this.listener?.opened(id);
    this.running = id;
    const emit = (e: ScanEvent) => {
      this.log.record(id, e);
      this.listener?.recorded(id, e);
    };
    this.scan(request, emit)
      .then((data) => emit({ event: 'finished', data }))
      .catch((error: unknown) =>
        emit({ event: 'failed', data: { message: (error as Error).message ?? String(error) } }),
      )
      .finally(() => {
        this.running = null;
        this.log.end(id);
        this.listener?.ended(id);
      });
    return id;
  }

  follow(id: string, onEvent: (e: ScanEvent) => void, onEnd: () => void): () => void {
    return this.log.follow(id, onEvent, onEnd);
  }

  /** Waits for the scan (tests, shutdown). */
  async settled(id: string): Promise<void> {
    await new Promise<void>((resolve) => this.follow(id, () => {}, resolve));
  }
}

/**
 * Scans another process runs (the `serve --workers` primary), followed here from the events it sends, so any worker
 * can stream any scan.
 */
export class ScanMirror implements Scans, ScanListener {
  private readonly log = new ScanLog();
  private readonly onDone = new Map<string, () => void>();
  constructor(private readonly requestStart: (request: ScanRequest) => Promise<string>) {}

  async start(request: ScanRequest, onDone?: () => void): Promise<string> {
    const id = await this.requestStart(request);
    if (onDone) this.onDone.set(id, onDone);
    return id;
  }

  follow(id: string, onEvent: (e: ScanEvent) => void, onEnd: () => void): () => void {
    return this.log.follow(id, onEvent, onEnd);
  }

  opened(id: string): void {
    this.log.open(id);
  }

  recorded(id: string, event: ScanEvent): void {
    this.log.record(id, event);
  }

  ended(id: string): void {
    this.log.end(id);
    this.onDone.get(id)?.();
    this.onDone.delete(id);
  }
}
