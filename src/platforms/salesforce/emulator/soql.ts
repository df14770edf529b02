/**
 * The small SOQL subset the emulator answers (not a SOQL engine): `SELECT f, r.f FROM Object [WHERE c AND c …]
 * [ORDER BY f [ASC|DESC]] [LIMIT n]`, a condition being `path op literal` (=, !=, <, <=, >, >=) or `path IN (…)`,
 * literals 'strings', numbers, true/false/null and unquoted datetimes. Anything else is MALFORMED_QUERY.
 */
export type Literal = string | number | boolean | null | { datetime: number };
export interface Condition {
  path: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN';
  value: Literal | Literal[];
  /** IN: the literals' comparable values, looked up in O(1) (a chunk of 200 ids against every row). */
  members?: Set<unknown>;
}
export interface SoqlQuery {
  fields: string[];
  object: string;
  where: Condition[];
  orderBy: { path: string; descending: boolean } | null;
  limit: number | null;
}

const QUERY =
  /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+([\w.]+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?\s*$/is;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

const lit = (l: Literal) => (l && typeof l === 'object' ? l.datetime : l);

function literal(text: string): Literal {
  const t = text.trim();
  if (/^'.*'$/s.test(t)) return t.slice(1, -1).replace(/\\(['\\])/g, '$1');
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^null$/i.test(t)) return null;
  if (DATETIME.test(t)) return { datetime: Date.parse(t) };
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new Error(`unexpected token: ${t}`);
}

/** `a, 'b,c', d` → the literals, commas inside quotes kept. */
function literalList(text: string): Literal[] {
  return (text.match(/'(?:[^'\\]|\\.)*'|[^,\s][^,]*/g) ?? []).map(literal);
}

function condition(text: string): Condition {
  const inList = /^([\w.]+)\s+IN\s*\((.*)\)$/is.exec(text.trim());
  if (inList) {
    const value = literalList(inList[2]);
    return { path: inList[1], op: 'IN', value, members: new Set(value.map(lit)) };
  }
  const cmp = /^([\w.]+)\s*(!=|<=|>=|=|<|>)\s*(.+)$/s.exec(text.trim());
  if (!cmp) throw new Error(`unexpected condition: ${text.trim()}`);
  return { path: cmp[1], op: cmp[2] as Condition['op'], value: literal(cmp[3]) };
}

/** Splits on AND outside quotes and parentheses. */
function conjuncts(where: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < where.length; i++) {
    const ch = where[i];
    if (ch === "'" && where[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && /^\sAND\s/i.test(where.slice(i, i + 5))) {
      parts.push(where.slice(start, i));
      start = i + 5;
    }
  }
  parts.push(where.slice(start));
  if (parts.some((p) => /\sOR\s/i.test(` ${p} `.replace(/'(?:[^'\\]|\\.)*'/g, "''"))))
    throw new Error('OR is not supported by this emulator');
  return parts;
}

/** Parses one statement; throws with Salesforce-like text when it is outside the subset. */
export function parseSoql(soql: string): SoqlQuery {
  const m = QUERY.exec(soql);
  if (!m) throw new Error(`unexpected token in query: ${soql.slice(0, 80)}`);
  return {
    fields: m[1].split(',').map((f) => f.trim()),
    object: m[2],
    where: m[3] ? conjuncts(m[3]).map(condition) : [],
    orderBy: m[4] ? { path: m[4], descending: (m[5] ?? '').toUpperCase() === 'DESC' } : null,
    limit: m[6] ? Number(m[6]) : null,
  };
}

/** A record's value at a dotted path (relationship fields nested). */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

type Comparable = number | string | boolean | null;

/**
 * A string's comparable value, remembered: every query tests every row, so at 1M (tens of thousands of OauthToken
 * rows, a hundred keyset windows) testing each value against the datetime pattern again cost minutes of CPU.
 */
const comparableStrings = new Map<string, Comparable>();
const COMPARABLE_STRINGS_MAX = 2_000_000;

function comparableString(v: string): Comparable {
  let c = comparableStrings.get(v);
  if (c === undefined) {
    const normalised = v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    c = DATETIME.test(normalised) ? Date.parse(normalised) : v;
    if (comparableStrings.size >= COMPARABLE_STRINGS_MAX) comparableStrings.clear();
    comparableStrings.set(v, c);
  }
  return c;
}

function comparable(v: unknown): Comparable {
  return typeof v === 'string' ? comparableString(v) : ((v ?? null) as never);
}

function holds(record: Record<string, unknown>, c: Condition): boolean {
  const v = comparable(valueAt(record, c.path));
  if (c.op === 'IN') return c.members?.has(v) ?? false;
  const l = lit(c.value as Literal);
  if (c.op === '=') return v === l;
  if (c.op === '!=') return v !== l;
  if (v === null || l === null) return false;
  if (c.op === '<') return v < l;
  if (c.op === '<=') return v <= l;
  if (c.op === '>') return v > l;
  return v >= l;
}

/** The records a query selects, ordered and limited (unprojected). */
export function select(records: readonly Record<string, unknown>[], q: SoqlQuery): Record<string, unknown>[] {
  let out = records.filter((r) => q.where.every((c) => holds(r, c)));
  if (q.orderBy) {
    const { path, descending } = q.orderBy;
    const keyed = out.map((record) => ({ key: comparable(valueAt(record, path)), record }));
    keyed.sort(({ key: x }, { key: y }) => {
      const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return descending ? -order : order;
    });
    out = keyed.map((k) => k.record);
  }
  return q.limit === null ? out : out.slice(0, q.limit);
}
