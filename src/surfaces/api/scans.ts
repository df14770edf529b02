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

/** Scans triggered through the API: one at a time in this process; events kept so a late subscriber sees them all. */
export class ScanManager {
  private readonly scans = new Map<string, ScanState>();
  private running: string | null = null;
  constructor(private readonly scan: ScanFunction | null) {}

  start(request: ScanRequest, onDone?: () => void): string {
    if (!this.scan) throw new ApiError('conflict', 'this server was started without a way to scan');
    if (this.running) throw new ApiError('conflict', `scan ${this.running} is still running; one scan at a time`);
    const state: ScanState = { id: randomUUID(), events: [], done: false, bus: new EventEmitter() };
    this.scans.set(state.id, state);
    this.running = state.id;
    this.forgetOld();
    const emit = (e: ScanEvent) => {
      state.events.push(e);
      state.bus.emit('event', e);
    };
    this.scan(request, emit)
      .then((data) => emit({ event: 'finished', data }))
      .catch((error: unknown) =>
        emit({ event: 'failed', data: { message: (error as Error).message ?? String(error) } }),
      )
      .finally(() => {
        state.done = true;
        this.running = null;
        state.bus.emit('end');
        onDone?.();
      });
    return state.id;
  }

  /** Replays what happened so far, then follows until the scan ends; returns an unsubscribe function. */
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

  /** Waits for the scan (tests, shutdown). */
  async settled(id: string): Promise<void> {
    await new Promise<void>((resolve) => this.follow(id, () => {}, resolve));
  }

  private forgetOld(): void {
    const finished = [...this.scans.values()].filter((s) => s.done);
    for (const s of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.scans.delete(s.id);
  }
}
