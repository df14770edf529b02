import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import { startWorkerThread } from '../lib/worker-thread.js';
import type { ActivityFormat } from './event.js';
import { type EventRows, fromRows, toRows } from './event-rows.js';
import { ChunkParser, type ParsedChunk } from './parse-records.js';

/**
 * The parse stage on a second thread: the importing thread reads chunks and hands them over; this thread splits,
 * JSON.parses and normalizes them and hands back each chunk's events as flat rows (event-rows.ts), with their
 * de-duplication keys and stored-line tails, so that the importing thread is left with resolving, de-duplicating,
 * storing and detecting. Split and parse were half the importing thread's CPU, and the
 * garbage of whole parsed records stays on this thread's heap. At most WINDOW chunks are in flight (memory stays flat).
 */

type ThreadFormat = NonNullable<ActivityFormat['thread']>;
type Request = { chunk: Uint8Array | string } | { end: true };
/** A chunk's events travel as rows (`parsed.events` is empty). */
type Reply = { parsed: ParsedChunk; rows: EventRows } | { error: string };

const WINDOW = 16;
const MARK = 'steward-parse-thread';

/** Starts the thread on this module (from TypeScript sources it registers tsx first, as bin/steward.js does). */
function startThread(format: ThreadFormat, enrich: boolean): Worker {
  return startWorkerThread(new URL(import.meta.url), { mark: MARK, format, enrich });
}

/** The input parsed on a parse thread, in input order. A read error still yields what was read before it. */
export async function* parseOnThread(
  chunks: AsyncIterable<Uint8Array | string>,
  format: ThreadFormat,
  enrich: boolean,
): AsyncGenerator<ParsedChunk> {
  const worker = startThread(format, enrich);
  const waiting: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];
  const failAll = (error: Error) => {
    for (const w of waiting.splice(0)) w.reject(error);
  };
  worker.on('message', (reply: Reply) => waiting.shift()?.resolve(reply));
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the parse thread stopped (exit code ${code})`)));
  const send = (request: Request): Promise<Reply> => {
    const reply = new Promise<Reply>((resolve, reject) => waiting.push({ resolve, reject }));
    if ('chunk' in request && typeof request.chunk !== 'string') {
      const copy = new Uint8Array(request.chunk); // its own buffer, handed over without a copy
      worker.postMessage({ chunk: copy }, [copy.buffer]);
    } else worker.postMessage(request);
    return reply;
  };
  const inFlight: Array<Promise<Reply>> = [];
  try {
    let readError: unknown = null;
    try {
      for await (const chunk of chunks) {
        inFlight.push(send({ chunk }));
        if (inFlight.length >= WINDOW) yield unwrap(await (inFlight.shift() as Promise<Reply>));
      }
      inFlight.push(send({ end: true }));
    } catch (error) {
      readError = error;
    }
    while (inFlight.length) yield unwrap(await (inFlight.shift() as Promise<Reply>));
    if (readError) throw readError;
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

function unwrap(reply: Reply): ParsedChunk {
  if ('error' in reply) throw new Error(`parse thread: ${reply.error}`);
  return { ...reply.parsed, events: fromRows(reply.rows) };
}

/** The thread's side: load the format, then parse chunk after chunk. */
async function serve(format: ThreadFormat, enrich: boolean): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const loaded = (await import(format.module))[format.exportName] as ActivityFormat | undefined;
  if (!loaded || typeof loaded.parse !== 'function') {
    port.on('message', () => port.postMessage({ error: `${format.exportName} in ${format.module} is not a format` }));
    return;
  }
  const parser = new ChunkParser(loaded, enrich, true);
  port.on('message', (request: Request) => {
    try {
      const parsed = 'end' in request ? parser.end() : parser.push(request.chunk);
      port.postMessage({ parsed: { ...parsed, events: [] }, rows: toRows(parsed.events) } satisfies Reply);
    } catch (error) {
      port.postMessage({ error: (error as Error).message } satisfies Reply);
    }
  });
}

if (!isMainThread && workerData?.mark === MARK)
  await serve(workerData.format as ThreadFormat, workerData.enrich === true);
