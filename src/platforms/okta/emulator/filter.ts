/**
 * Okta's filter/search expressions (SCIM 2.0 style, as the System Log, Users and Apps APIs accept them):
 * `attr op "value"` with eq, ne, sw, co, ew, gt, ge, lt, le; `attr pr`; `and`, `or`, `not`, parentheses.
 * Attribute paths are dotted; a path through an array matches if any element does. A malformed expression throws.
 */
export type Getter = (path: string) => unknown;
export type Predicate = (get: Getter) => boolean;

type Token = { kind: 'word' | 'string' | 'lparen' | 'rparen'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"]+))/gy;
  let at = 0;
  while (at < text.length) {
    const m = re.exec(text);
    if (!m) break;
    at = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'lparen', text: '(' });
    else if (m[2]) tokens.push({ kind: 'rparen', text: ')' });
    else if (m[3] !== undefined) tokens.push({ kind: 'string', text: m[3].replace(/\\(.)/g, '$1') });
    else if (m[4]) tokens.push({ kind: 'word', text: m[4] });
  }
  if (text.slice(at).trim()) throw new Error(`cannot read the filter from "${text.slice(at, at + 20)}"`);
  return tokens;
}

const COMPARE: Record<string, (a: unknown, b: unknown) => boolean> = {
  eq: (a, b) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b),
  ne: (a, b) => !COMPARE.eq(a, b),
  sw: (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase().startsWith(b.toLowerCase()),
  ew: (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase().endsWith(b.toLowerCase()),
  co: (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase().includes(b.toLowerCase()),
  gt: (a, b) => a !== null && a !== undefined && (a as string) > (b as string),
  ge: (a, b) => a !== null && a !== undefined && (a as string) >= (b as string),
  lt: (a, b) => a !== null && a !== undefined && (a as string) < (b as string),
  le: (a, b) => a !== null && a !== undefined && (a as string) <= (b as string),
};

function literal(t: Token): unknown {
  if (t.kind === 'string') return t.text;
  if (t.text === 'true') return true;
  if (t.text === 'false') return false;
  if (t.text === 'null') return null;
  const n = Number(t.text);
  if (Number.isFinite(n)) return n;
  throw new Error(`"${t.text}" is not a value (quote strings)`);
}

const anyOf = (v: unknown, test: (x: unknown) => boolean) => (Array.isArray(v) ? v.some(test) : test(v));

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  private peekWord(): string | undefined {
    const t = this.tokens[this.i];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  }
  parse(): Predicate {
    const p = this.or();
    if (this.i < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.i].text}"`);
    return p;
  }
  private or(): Predicate {
    const parts = [this.and()];
    while (this.peekWord() === 'or') {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (get) => parts.some((p) => p(get));
  }
  private and(): Predicate {
    const parts = [this.factor()];
    while (this.peekWord() === 'and') {
      this.i++;
      parts.push(this.factor());
    }
    return parts.length === 1 ? parts[0] : (get) => parts.every((p) => p(get));
  }
  private factor(): Predicate {
    const t = this.tokens[this.i++];
    if (!t) throw new Error('the filter ends too early');
    if (t.kind === 'lparen') {
      const inner = this.or();
      if (this.tokens[this.i++]?.kind !== 'rparen') throw new Error('a parenthesis is not closed');
      return inner;
    }
    if (t.kind === 'word' && t.text.toLowerCase() === 'not') {
      const inner = this.factor();
      return (get) => !inner(get);
    }
    if (t.kind !== 'word') throw new Error(`expected an attribute, got "${t.text}"`);
    const path = t.text;
    const op = this.peekWord();
    this.i++;
    if (op === 'pr') return (get) => anyOf(get(path), (x) => x !== null && x !== undefined && x !== '');
    const compare = op ? COMPARE[op] : undefined;
    const value = this.tokens[this.i++];
    if (!compare || !value) throw new Error(`"${path}" needs an operator and a value`);
    const wanted = literal(value);
    return (get) => anyOf(get(path), (x) => compare(x, wanted));
  }
}

export function parseFilter(text: string): Predicate {
  return new Parser(tokenize(text)).parse();
}

/** A getter over a plain object: dotted path, arrays mapped element-wise (flattened). */
export function objectGetter(root: unknown): Getter {
  return (path) => {
    let values: unknown[] = [root];
    for (const key of path.split('.')) {
      const next: unknown[] = [];
      for (const v of values) {
        const child = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
        if (Array.isArray(child)) next.push(...child);
        else if (child !== undefined) next.push(child);
      }
      values = next;
    }
    return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
  };
}
