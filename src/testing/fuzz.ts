import fc from 'fast-check';

/**
 * Fuzz helpers (fast-check): mutated copies of a hand-written vendor payload, and the check that code fed with
 * them either returns or fails with a clear Error (never a TypeError/RangeError from deep inside).
 */

/** Fixed seed and a bounded number of runs, so a fuzz property is reproducible and stays within ~2 s. */
export const FUZZ = { seed: 1313, numRuns: 150 } as const;

/** Strings a vendor (or an attacker naming an app) may send. */
export const oddString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u001b[2J\u001b]0;pwned\u0007',
    '\u202eevil',
    "=cmd|' /C calc'!A0",
    'not-a-date',
    '9999-99-99T99:99:99Z',
    '%',
    '%E0%A4%A',
    '{"Version":',
    '../../etc/passwd',
    'null',
    '__proto__',
    'x'.repeat(10_000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Any JSON value of a wrong type (what a changed or broken API could return instead). */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  oddString,
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, -1e308),
  fc.constant([]),
  fc.constant({}),
  fc.array(oddString, { maxLength: 3 }),
  fc.dictionary(oddString, oddString, { maxKeys: 2, noNullPrototype: true }),
);

/** Every path to a value inside `value` (objects and arrays); the root itself is not replaced. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(value)) {
    for (let n = 0; n < value.length; n++) paths(value[n], [...prefix, n], out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

type Mutation = { path: Array<string | number>; kind: 'drop' | 'set'; value?: unknown };

function apply(base: unknown, mutations: Mutation[]): unknown {
  const root = structuredClone(base);
  for (const m of mutations) {
    let parent: unknown = root;
    for (const key of m.path.slice(0, -1)) {
      parent = parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[key] : undefined;
    }
    if (!parent || typeof parent !== 'object') continue;
    const last = m.path[m.path.length - 1];
    const p = parent as Record<string | number, unknown>;
    if (m.kind === 'drop') {
      if (Array.isArray(p)) p.splice(Number(last), 1);
      else delete p[last];
    } else p[last] = m.value;
  }
  return root;
}

/** `base` (a JSON-like payload) with 1-3 fields dropped, nulled, given a wrong type or an odd/huge string. */
export function mutated<T>(base: T): fc.Arbitrary<T> {
  const all = paths(base);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    path: fc.constantFrom(...all),
    kind: fc.constantFrom('drop', 'set', 'set'),
    value: wrongValue,
  }) as fc.Arbitrary<Mutation>;
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => apply(base, ms) as T);
}

/** The JavaScript engine's own errors: a sign that code read a field that was not there, not a clear refusal. */
const CRASHES = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/**
 * Runs `fn`; returns its result, or undefined when it threw a clear Error (an Error whose class is not one of the
 * engine's own and whose message is one line of text). Anything else fails the property with the input shown.
 */
export function cleanOutcome<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`threw a non-Error: ${String(error)}`);
    const crash = CRASHES.find((c) => error.constructor === c);
    if (crash) throw new Error(`crashed with ${crash.name}: ${error.message}`);
    if (!error.message.trim()) throw new Error('threw an Error with an empty message');
    return undefined;
  }
}
