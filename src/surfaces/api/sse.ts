import type { FastifyReply } from 'fastify';
import type { ApiDeps } from './deps.js';
import type { ScanEvent } from './scans.js';

/** Streams a scan's events as Server-Sent Events until it ends (or the client goes away). */
export async function streamScan(deps: ApiDeps, scanId: string, reply: FastifyReply): Promise<void> {
  // Throws not_found before any byte is written, so an unknown scan gets the JSON error envelope.
  const events: ScanEvent[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const stop = deps.scans.follow(
    scanId,
    (e) => {
      events.push(e);
      wake?.();
    },
    () => {
      ended = true;
      wake?.();
    },
  );
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  raw.on('close', () => {
    ended = true;
    wake?.();
  });
  try {
    for (;;) {
      for (const e of events.splice(0)) raw.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
      if (ended) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    stop();
    raw.end();
  }
}
