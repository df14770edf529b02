/**
 * Splits a stream of JSON bytes into records without holding the whole document: a CloudTrail file
 * (`{"Records":[{...},{...}]}`), a JSON array of records (`[{...},{...}]`), or one record per line (JSONL), in any
 * mix, in chunks of any size. It scans bytes (UTF-8 multi-byte sequences never contain an ASCII byte, so braces,
 * brackets, quotes and backslashes are found exactly) and decodes only each record's own bytes; only the current
 * record is kept. Text that is not a record at a record position (a stray token, a cut-short line) is reported as
 * malformed and skipped; the caller counts it.
 */
export interface SplitSink {
  record(text: string): void;
  /** `at`: byte offset in the input where the bad text starts (no excerpt: records may hold secrets). */
  malformed(at: number, reason: string): void;
}

const OPEN_OBJ = 123; // {
const CLOSE_OBJ = 125; // }
const OPEN_ARR = 91; // [
const CLOSE_ARR = 93; // ]
const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const COMMA = 44;

const WRAPPER = /^\{\s*"Records"\s*:\s*\[/;
/** How many bytes after a top-level `{` decide whether it is a `{"Records":[` wrapper. */
const LOOKAHEAD = 48;
const EMPTY = Buffer.alloc(0);

export class RecordSplitter {
  private buf: Buffer = EMPTY;
  /** Scan position in buf (may point one past its end after a backslash that ended a chunk). */
  private pos = 0;
  private depth = 0;
  /** Depth at which `{` starts a record: 0 = JSONL, 1 = inside a top-level array, 2 = inside a Records wrapper. */
  private recordDepth = 0;
  /** Start of the current record in buf, -1 outside one. */
  private start = -1;
  private inString = false;
  /** Bytes dropped from the front of buf so far (for offsets). */
  private dropped = 0;

  constructor(private readonly sink: SplitSink) {}

  push(chunk: Uint8Array | string): void {
    const data =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const keepFrom = Math.min(this.start >= 0 ? this.start : this.pos, this.buf.length);
    const rest = this.buf.subarray(keepFrom);
    this.dropped += keepFrom;
    this.buf = rest.length ? Buffer.concat([rest, data]) : data;
    this.pos -= keepFrom;
    if (this.start >= 0) this.start -= keepFrom;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (this.start >= 0) this.sink.malformed(this.dropped + this.start, 'truncated record at end of input');
    else if (this.depth > 0) this.sink.malformed(this.dropped + this.pos, 'unterminated array at end of input');
    this.buf = EMPTY;
    this.pos = 0;
    this.start = -1;
    this.depth = 0;
    this.inString = false;
  }

  /** The hot loop: plain byte compares, state in locals, written back before any call out. */
  private scan(final: boolean): void {
    const b = this.buf;
    const n = b.length;
    let i = this.pos;
    let depth = this.depth;
    let start = this.start;
    let inString = this.inString;
    const jsonl = this.recordDepth === 0;
    while (i < n) {
      const c = b[i];
      if (inString) {
        if (!jsonl) {
          // Long runs of string bytes: find the closing quote natively, then check it is not escaped.
          const q = b.indexOf(QUOTE, i);
          if (q < 0) {
            i = n;
            break;
          }
          let slashes = 0;
          for (let j = q - 1; j >= 0 && b[j] === BACKSLASH; j--) slashes++;
          if ((slashes & 1) === 0) inString = false;
          i = q + 1;
          continue;
        }
        if (c === QUOTE) inString = false;
        else if (c === BACKSLASH) i++;
        else if (c === NEWLINE && jsonl) {
          // JSON strings never span lines: this line was cut short.
          this.cutShort(start);
          start = -1;
          depth = 0;
          inString = false;
        }
        i++;
        continue;
      }
      if (start < 0) {
        this.depth = depth;
        this.start = -1;
        const next = this.between(b, i, n, final);
        if (next < 0) break;
        i = next;
        depth = this.depth;
        start = this.start;
        if ((this.recordDepth === 0) !== jsonl) {
          this.resume(i, depth, start, final);
          return;
        }
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
      else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        depth--;
        if (depth === this.recordDepth) {
          this.sink.record(b.toString('utf8', start, i + 1));
          start = -1;
        }
      } else if (c === NEWLINE && jsonl && b[i + 1] === OPEN_OBJ) {
        // JSONL: a line that starts with `{` while a record is still open means that record was cut short.
        this.cutShort(start);
        start = -1;
        depth = 0;
      }
      i++;
    }
    this.pos = i;
    this.depth = depth;
    this.start = start;
    this.inString = inString;
  }

  /** The record depth changed (a wrapper or array opened): rescan with the new mode. */
  private resume(i: number, depth: number, start: number, final: boolean): void {
    this.pos = i;
    this.depth = depth;
    this.start = start;
    // Between records no string is open (the caller's state may be a previous chunk's, which ended inside one).
    this.inString = false;
    this.scan(final);
  }

  private cutShort(start: number): void {
    this.sink.malformed(this.dropped + start, 'truncated record (its line ends before it closes)');
    this.start = -1;
  }

  /**
   * At record depth, outside a record: starts the next record, enters a wrapper or array, or skips separators.
   * Returns the next scan position, or -1 when more input is needed to decide.
   */
  private between(b: Buffer, i: number, n: number, final: boolean): number {
    const c = b[i];
    if (this.depth !== this.recordDepth) {
      // Inside a wrapper past its records (other keys): only closing brackets matter.
      if (c === CLOSE_ARR || c === CLOSE_OBJ) this.recordDepth = --this.depth;
      else if (c === OPEN_OBJ || c === OPEN_ARR) this.depth++;
      return i + 1;
    }
    if (c === OPEN_OBJ) {
      if (this.depth === 0) {
        if (n - i < LOOKAHEAD && !final) return -1;
        const m = WRAPPER.exec(b.toString('latin1', i, i + LOOKAHEAD));
        if (m) {
          this.depth = 2;
          this.recordDepth = 2;
          return i + m[0].length;
        }
      }
      this.start = i;
      this.depth++;
      return i + 1;
    }
    if (c === OPEN_ARR && this.depth === 0) {
      this.depth = 1;
      this.recordDepth = 1;
      return i + 1;
    }
    if (c === CLOSE_ARR || c === CLOSE_OBJ) {
      this.depth--;
      this.recordDepth = this.depth;
      return i + 1;
    }
    if (c === COMMA || c <= 32) return i + 1;
    // Not a record where one should start: skip to the end of the line.
    const eol = b.indexOf(NEWLINE, i);
    if (eol < 0 && !final) return -1;
    const end = eol < 0 ? n : eol;
    this.sink.malformed(this.dropped + i, 'not a JSON object where a record should start');
    return Math.min(end + 1, n);
  }
}
