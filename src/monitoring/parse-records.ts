import { Enricher } from './enrich.js';
import type { ActivityEvent, ActivityFormat } from './event.js';
import { eventKey, storedTail } from './events-store.js';
import { RecordSplitter } from './split.js';

export interface QuarantineSample {
  /** `record N` (1-based) or `offset N` (characters into the input). */
  at: string;
  reason: string;
}

/**
 * What one chunk of input gave: how many records it completed, their events, and what was set aside, in order. On a
 * parse thread, also the store's share of the work that needs nothing from the store, taken off the importing thread:
 * each event's de-duplication key (`keys[i]`) and stored line's tail (`tails[i]`); on the importing thread both are
 * left empty and computed when the batch is written (tails held from parse to write cost more garbage collection).
 */
export interface ParsedChunk {
  records: number;
  events: ActivityEvent[];
  keys: bigint[];
  tails: string[];
  quarantined: QuarantineSample[];
}

const emptyChunk = (): ParsedChunk => ({ records: 0, events: [], keys: [], tails: [], quarantined: [] });

/**
 * split → JSON.parse → the format's parse → enrich (IP → ASN/country, UA family; needs nothing from the store), chunk
 * by chunk; the same on the importing thread or a parse thread.
 */
export class ChunkParser {
  private readonly splitter: RecordSplitter;
  private readonly enricher: Enricher | null;
  private records = 0;
  private out: ParsedChunk = emptyChunk();

  constructor(
    private readonly format: ActivityFormat,
    enrich: boolean,
    /** Compute `keys` and `tails` (on a parse thread). */
    private readonly storeShare = false,
  ) {
    this.enricher = enrich ? new Enricher() : null;
    this.splitter = new RecordSplitter({
      record: (text) => this.record(text),
      malformed: (at, reason) => this.out.quarantined.push({ at: `offset ${at}`, reason }),
    });
  }

  push(chunk: Uint8Array | string): ParsedChunk {
    this.splitter.push(chunk);
    return this.take();
  }

  end(): ParsedChunk {
    this.splitter.end();
    return this.take();
  }

  private take(): ParsedChunk {
    const out = this.out;
    this.out = emptyChunk();
    return out;
  }

  private record(text: string): void {
    const ordinal = ++this.records;
    this.out.records++;
    let events: ActivityEvent[];
    try {
      events = this.format.parse(JSON.parse(text));
    } catch (error) {
      const reason = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
      this.out.quarantined.push({ at: `record ${ordinal}`, reason });
      return;
    }
    for (const e of events) {
      if (this.enricher) {
        const ip = this.enricher.ip(e.sourceIp);
        e.asn = ip.asn;
        e.country = ip.country;
        e.uaFamily = this.enricher.uaFamily(e.userAgent);
      }
      this.out.events.push(e);
      if (this.storeShare) {
        this.out.keys.push(eventKey(e.platform, e.id));
        this.out.tails.push(storedTail(e));
      }
    }
  }
}

/** The input parsed on the calling thread. */
export async function* parseHere(
  chunks: AsyncIterable<Uint8Array | string>,
  format: ActivityFormat,
  enrich: boolean,
): AsyncGenerator<ParsedChunk> {
  const parser = new ChunkParser(format, enrich);
  for await (const chunk of chunks) yield parser.push(chunk);
  yield parser.end();
}
