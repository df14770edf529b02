import { Enricher } from './enrich.js';
import type { ActivityEvent, ActivityFormat } from './event.js';
import { RecordSplitter } from './split.js';

export interface QuarantineSample {
  /** `record N` (1-based) or `offset N` (characters into the input). */
  at: string;
  reason: string;
}

/** What one chunk of input gave: how many records it completed, their events, and what was set aside, in order. */
export interface ParsedChunk {
  records: number;
  events: ActivityEvent[];
  quarantined: QuarantineSample[];
}

/**
 * split → JSON.parse → the format's parse → enrich (IP → ASN/country, UA family; needs nothing from the store), chunk
 * by chunk; the same on the importing thread or a parse thread.
 */
export class ChunkParser {
  private readonly splitter: RecordSplitter;
  private readonly enricher: Enricher | null;
  private records = 0;
  private out: ParsedChunk = { records: 0, events: [], quarantined: [] };

  constructor(
    private readonly format: ActivityFormat,
    enrich: boolean,
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
    this.out = { records: 0, events: [], quarantined: [] };
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
