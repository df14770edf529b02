import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UAParser } from 'ua-parser-js';

/**
 * Offline enrichment: IPv4 → ASN and country from the @ip-location-db CSV tables (ranges as integers, loaded once
 * into sorted typed arrays and searched in O(log n)), user agent → family with ua-parser-js. Both cached per value.
 * IPv6 addresses are left unenriched (null), like a private or unlisted address.
 */

const require = createRequire(import.meta.url);
const packageFile = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

interface RangeTable {
  starts: Uint32Array;
  ends: Uint32Array;
  values: Int32Array;
}

/**
 * Reads `start,end,value[,…]` lines straight from the file's bytes (no string per line: several times faster than
 * decoding and splitting). `value` is the third column: an integer (an ASN) or a two-letter code packed into one.
 * A line that does not start with two integers is skipped.
 */
function loadRanges(file: string, value: 'integer' | 'country'): RangeTable {
  const b = readFileSync(file);
  const capacity = countLines(b);
  const starts = new Uint32Array(capacity);
  const ends = new Uint32Array(capacity);
  const values = new Int32Array(capacity);
  let n = 0;
  for (let i = 0; i < b.length; ) {
    const eol = lineEnd(b, i);
    const start = integerAt(b, i, eol);
    const end = start.next < eol && b[start.next] === COMMA ? integerAt(b, start.next + 1, eol) : null;
    if (start.digits > 0 && end && end.digits > 0 && end.next < eol && b[end.next] === COMMA) {
      const at = end.next + 1;
      starts[n] = start.value;
      ends[n] = end.value;
      values[n] = value === 'integer' ? integerAt(b, at, eol).value : countryAt(b, at, eol);
      n++;
    }
    i = eol + 1;
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n), values: values.subarray(0, n) };
}

const NL = 10;
const COMMA = 44;

function countLines(b: Buffer): number {
  let n = 1;
  for (let at = b.indexOf(NL); at >= 0; at = b.indexOf(NL, at + 1)) n++;
  return n;
}

function lineEnd(b: Buffer, from: number): number {
  const at = b.indexOf(NL, from);
  return at < 0 ? b.length : at;
}

function integerAt(b: Buffer, from: number, to: number): { value: number; digits: number; next: number } {
  let value = 0;
  let i = from;
  for (; i < to && b[i] >= 48 && b[i] <= 57; i++) value = value * 10 + (b[i] - 48);
  return { value, digits: i - from, next: i };
}

/** Two letters packed into an integer (`AU` → 0x4155); anything else 0 (no country). */
function countryAt(b: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to && b[i] !== COMMA) i++;
  return i - from === 2 ? (b[from] << 8) | b[from + 1] : 0;
}

function lookup(table: RangeTable, ip: number): number | null {
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (table.starts[mid] <= ip) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && ip <= table.ends[hi] ? table.values[hi] : null;
}

/** Dotted IPv4 → unsigned integer, or -1 for anything else (IPv6, pseudonymised or malformed addresses). */
export function ipv4ToInt(ip: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return value * 256 + part;
}

const unpackCountry = (v: number) => String.fromCharCode(v >> 8, v & 255);

export interface IpFacts {
  asn: number | null;
  country: string | null;
}

const NO_FACTS: IpFacts = Object.freeze({ asn: null, country: null });
const CACHE_LIMIT = 100_000;

/** The tables, loaded once per process on the first public address (about a second; 2 × ~400k ranges). */
let tables: { asn: RangeTable; country: RangeTable } | null = null;
function ipTables(): { asn: RangeTable; country: RangeTable } {
  tables ??= {
    asn: loadRanges(packageFile('@ip-location-db/asn', 'asn-ipv4-num.csv'), 'integer'),
    country: loadRanges(
      packageFile('@ip-location-db/geo-whois-asn-country', 'geo-whois-asn-country-ipv4-num.csv'),
      'country',
    ),
  };
  return tables;
}

export class Enricher {
  private readonly ips = new Map<string, IpFacts>();
  private readonly agents = new Map<string, string | null>();
  private readonly parser = new UAParser();

  /** ASN and country of an address (loads the tables on first use). */
  ip(ip: string | null): IpFacts {
    if (!ip) return NO_FACTS;
    let facts = this.ips.get(ip);
    if (facts) return facts;
    const n = ipv4ToInt(ip);
    if (n < 0) facts = NO_FACTS;
    else {
      const t = ipTables();
      const cc = lookup(t.country, n);
      facts = { asn: lookup(t.asn, n), country: cc ? unpackCountry(cc) : null };
    }
    if (this.ips.size >= CACHE_LIMIT) this.ips.clear();
    this.ips.set(ip, facts);
    return facts;
  }

  /** A user agent's family: the browser name, else the first product token (an SDK or tool name), else null. */
  uaFamily(ua: string | null): string | null {
    if (!ua) return null;
    let family = this.agents.get(ua);
    if (family !== undefined) return family;
    const browser = this.parser.setUA(ua).getBrowser().name;
    family = browser ? `browser:${browser}` : productToken(ua);
    if (this.agents.size >= CACHE_LIMIT) this.agents.clear();
    this.agents.set(ua, family);
    return family;
  }
}

/** `aws-sdk-go/1.41.4 (go1.18; linux)` → `aws-sdk-go`; `[Boto3/1.26 …]` → `Boto3`. */
function productToken(ua: string): string | null {
  const m = /^\[?([A-Za-z][\w.-]*)/.exec(ua);
  return m ? m[1].slice(0, 64) : null;
}
