import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { ApiError, type ErrorCode } from './errors.js';
import { type ScanEvent, type ScanListener, ScanMirror, type ScanRequest, type Scans } from './scans.js';

/**
 * `steward serve --workers N`: N processes answer requests on one port (node:cluster) while the primary runs the
 * scans — one at a time, as a single process would — and passes every scan event and token revoke to every worker.
 * Messages carry ids, requests and events only, never a token or a secret.
 */
type ToPrimary =
  | { steward: 'scan-start'; requestId: string; request: ScanRequest }
  | { steward: 'token-revoked'; tokenId: string }
  | { steward: 'listening'; url: string };

type ToWorker =
  | { steward: 'scan-started'; requestId: string; scanId?: string; error?: { code?: ErrorCode; message: string } }
  | { steward: 'scan-opened'; scanId: string }
  | { steward: 'scan-event'; scanId: string; event: ScanEvent }
  | { steward: 'scan-ended'; scanId: string }
  | { steward: 'token-revoked'; tokenId: string };

const isMessage = <T extends { steward: string }>(m: unknown): m is T =>
  typeof m === 'object' && m !== null && typeof (m as { steward?: unknown }).steward === 'string';

/** The primary's side: passes scan events to every worker (give it to the primary's ScanManager). */
export function broadcastingListener(): ScanListener {
  const all = (message: ToWorker) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.send(message);
  };
  return {
    opened: (scanId) => all({ steward: 'scan-opened', scanId }),
    recorded: (scanId, event) => all({ steward: 'scan-event', scanId, event }),
    ended: (scanId) => all({ steward: 'scan-ended', scanId }),
  };
}

/** The primary's side: answers one worker's messages (scan starts, revokes, its listening URL). */
export function serveWorker(worker: Worker, scans: Scans, onListening: (url: string) => void): void {
  worker.on('message', (message: unknown) => {
    if (!isMessage<ToPrimary>(message)) return;
    if (message.steward === 'listening') onListening(message.url);
    if (message.steward === 'token-revoked')
      for (const other of Object.values(cluster.workers ?? {})) other?.send(message satisfies ToWorker);
    if (message.steward === 'scan-start') {
      const reply = (m: Omit<Extract<ToWorker, { steward: 'scan-started' }>, 'steward' | 'requestId'>) =>
        worker.send({ steward: 'scan-started', requestId: message.requestId, ...m } satisfies ToWorker);
      scans.start(message.request).then(
        (scanId) => reply({ scanId }),
        (error: unknown) =>
          reply({
            error:
              error instanceof ApiError
                ? { code: error.code, message: error.message }
                : { message: (error as Error).message ?? String(error) },
          }),
      );
    }
  });
}

/** A worker's side: scans started through the primary and followed from its events, and revokes heard from others. */
export function workerLink(forgetToken: (tokenId: string) => void) {
  const pending = new Map<string, { resolve: (id: string) => void; reject: (e: Error) => void }>();
  const send = (message: ToPrimary) => process.send?.(message);
  const scans = new ScanMirror(
    (request) =>
      new Promise<string>((resolve, reject) => {
        const requestId = randomUUID();
        pending.set(requestId, { resolve, reject });
        send({ steward: 'scan-start', requestId, request });
      }),
  );
  process.on('message', (message: unknown) => {
    if (!isMessage<ToWorker>(message)) return;
    if (message.steward === 'scan-opened') scans.opened(message.scanId);
    else if (message.steward === 'scan-event') scans.recorded(message.scanId, message.event);
    else if (message.steward === 'scan-ended') scans.ended(message.scanId);
    else if (message.steward === 'token-revoked') forgetToken(message.tokenId);
    else if (message.steward === 'scan-started') {
      const waiting = pending.get(message.requestId);
      pending.delete(message.requestId);
      if (message.scanId) waiting?.resolve(message.scanId);
      else {
        const text = message.error?.message ?? 'the scan could not start';
        waiting?.reject(message.error?.code ? new ApiError(message.error.code, text) : new Error(text));
      }
    }
  });
  return {
    scans,
    announceRevoked: (tokenId: string) => send({ steward: 'token-revoked', tokenId }),
    listening: (url: string) => send({ steward: 'listening', url }),
  };
}
