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
  | { steward: 'token-revoked'; tokenId: string; requestId: string }
  | { steward: 'token-forgotten'; requestId: string }
  | { steward: 'listening'; url: string };

type ToWorker =
  | { steward: 'scan-started'; requestId: string; scanId?: string; error?: { code?: ErrorCode; message: string } }
  | { steward: 'scan-opened'; scanId: string }
  | { steward: 'scan-event'; scanId: string; event: ScanEvent }
  | { steward: 'scan-ended'; scanId: string }
  | { steward: 'token-revoked'; tokenId: string; requestId: string }
  | { steward: 'token-revoke-done'; requestId: string };

const REVOKE_WAIT_MS = 5_000;

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

/** Revokes being passed on by the primary: who asked, and the workers that have not yet said they forgot it. */
const revokesInFlight = new Map<string, { origin: Worker; waitingFor: Set<number> }>();

/**
 * The primary's side of a revoke: every other worker forgets the token, then the worker that revoked it hears so
 * and only then answers its client, so the token is refused everywhere once the DELETE has returned.
 */
function passOnRevoke(origin: Worker, tokenId: string, requestId: string): void {
  const others = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && w !== origin && !w.isDead());
  revokesInFlight.set(requestId, { origin, waitingFor: new Set(others.map((w) => w.id)) });
  for (const other of others) other.send({ steward: 'token-revoked', tokenId, requestId } satisfies ToWorker);
  forgotten(requestId);
}

function forgotten(requestId: string, by?: Worker): void {
  const revoke = revokesInFlight.get(requestId);
  if (!revoke) return;
  if (by) revoke.waitingFor.delete(by.id);
  if (revoke.waitingFor.size > 0) return;
  revokesInFlight.delete(requestId);
  if (!revoke.origin.isDead()) revoke.origin.send({ steward: 'token-revoke-done', requestId } satisfies ToWorker);
}

/** The primary's side: answers one worker's messages (scan starts, revokes, its listening URL). */
export function serveWorker(worker: Worker, scans: Scans, onListening: (url: string) => void): void {
  // A worker that dies owes no answer.
  worker.once('exit', () => {
    for (const id of [...revokesInFlight.keys()]) forgotten(id, worker);
  });
  worker.on('message', (message: unknown) => {
    if (!isMessage<ToPrimary>(message)) return;
    if (message.steward === 'listening') onListening(message.url);
    if (message.steward === 'token-revoked') passOnRevoke(worker, message.tokenId, message.requestId);
    if (message.steward === 'token-forgotten') forgotten(message.requestId, worker);
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
  const revokes = new Map<string, () => void>();
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
    else if (message.steward === 'token-revoked') {
      forgetToken(message.tokenId);
      send({ steward: 'token-forgotten', requestId: message.requestId });
    } else if (message.steward === 'token-revoke-done') revokes.get(message.requestId)?.();
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
    announceRevoked: (tokenId: string) =>
      new Promise<void>((resolve) => {
        const requestId = randomUUID();
        // A primary that cannot answer must not hold the DELETE forever: every worker re-reads tokens within a minute.
        const timer = setTimeout(done, REVOKE_WAIT_MS);
        function done() {
          clearTimeout(timer);
          revokes.delete(requestId);
          resolve();
        }
        revokes.set(requestId, done);
        send({ steward: 'token-revoked', tokenId, requestId });
      }),
    listening: (url: string) => send({ steward: 'listening', url }),
  };
}
