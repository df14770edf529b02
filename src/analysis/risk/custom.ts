import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { LineCounter, parseDocument, isScalar, type Document } from 'yaml';
import { z } from 'zod';
import { DAY_MS } from '../../lib/clock.js';
import { UserError } from '../../lib/errors.js';
import { PlatformId, Severity, type Evidence } from '../../model/index.js';
import type { IdentityView } from '../../store/index.js';
import { OWASP_NHI_IDS, type OwaspNhiId, type Rule, type RuleContext } from './types.js';

/**
 * Custom rules: YAML files in `rules.dir`, one rule per file, with a CEL `condition`. The variables a condition
 * sees are documented in docs/rules.md ("Custom rules") and listed in CEL_VARIABLES.
 */
export const CEL_VARIABLES: Record<string, string> = {
  identity:
    'map — the identity: id, platform, tenant, kind, nativeType, nativeId, name, createdAt, createdBy, lastUsedAt, lastUsedSource, enabled, thirdParty, interactive, environment, publisher {name, verified, domain} or null, attributes, firstSeen, lastSeen',
  credentials:
    'list of maps — id, type, name, createdAt, expiresAt, lastUsedAt, lastUsedSource, fingerprint, enabled, attributes',
  permissions:
    'list of maps — nativeName, resource, access (read|write|admin), sensitivity (low|medium|high), pathToAdmin, source, lastUsedAt, attributes',
  owner: 'map or null — personId, email, team, source, confidence, status (active|departed|disabled)',
  ownerClaims: 'list of maps — ref, refType, source, confidence, evidence',
  now: 'timestamp — the evaluation clock',
  thresholds: 'map of int — staleDays, rotationDays, expiryWarningDays, maxSecretLifetimeDays',
};
export const CEL_FUNCTIONS: Record<string, string> = {
  'daysSince(string|timestamp): int':
    'whole days from the ISO timestamp to now (errors on null: guard with `x != null && ...`)',
  'daysUntil(string|timestamp): int': 'whole days from now to the ISO timestamp (negative when past)',
};

const OwaspId = z.enum(OWASP_NHI_IDS as [OwaspNhiId, ...OwaspNhiId[]]);

const CustomRuleFile = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-"'),
    title: z.string().min(1),
    severity: Severity,
    description: z.string().min(1),
    remediation: z.string().default(''),
    owasp: OwaspId,
    compliance: z.array(z.string()).default([]),
    platforms: z.union([z.literal('all'), z.array(PlatformId).min(1)]).default('all'),
    dataRequirement: z.string().min(1),
    tags: z.array(z.string()).default([]),
    condition: z.string().min(1),
    evidence: z
      .array(z.object({ field: z.string().min(1), value: z.string().min(1), source: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();
type CustomRuleFile = z.infer<typeof CustomRuleFile>;

let sharedEnv: Environment | null = null;
const toDate = (v: string | Date): number => (v instanceof Date ? v.getTime() : Date.parse(v));

/** One CEL environment for every custom rule (building one is the expensive part). `now` comes from context. */
function celEnvironment(): Environment {
  if (sharedEnv) return sharedEnv;
  const env = new Environment({ homogeneousAggregateLiterals: false })
    .registerVariable('identity', 'map')
    .registerVariable('credentials', 'list')
    .registerVariable('permissions', 'list')
    .registerVariable('owner', 'dyn')
    .registerVariable('ownerClaims', 'list')
    .registerVariable('now', 'google.protobuf.Timestamp')
    .registerVariable('thresholds', 'map');
  // Helpers read the clock from the evaluation context's `now` via a closure set per evaluation.
  const days = (v: string | Date, sign: 1 | -1) => {
    const t = toDate(v);
    if (Number.isNaN(t)) throw new Error(`not a timestamp: ${String(v)}`);
    return BigInt(Math.floor((sign * (currentNowMs - t)) / DAY_MS));
  };
  env.registerFunction('daysSince(string): int', (v: string) => days(v, 1));
  env.registerFunction('daysSince(google.protobuf.Timestamp): int', (v: Date) => days(v, 1));
  env.registerFunction('daysUntil(string): int', (v: string) => days(v, -1));
  env.registerFunction('daysUntil(google.protobuf.Timestamp): int', (v: Date) => days(v, -1));
  sharedEnv = env;
  return env;
}
let currentNowMs = Date.now();

/** CEL results (BigInt, Map, Date) as plain JSON values for evidence. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function celContext(v: IdentityView, ctx: RuleContext) {
  currentNowMs = ctx.nowMs;
  return {
    identity: v,
    credentials: v.credentials,
    permissions: v.permissions,
    owner: v.owner,
    ownerClaims: v.ownerClaims,
    now: ctx.now,
    thresholds: {
      staleDays: BigInt(ctx.thresholds.staleDays),
      rotationDays: BigInt(ctx.thresholds.rotationDays),
      expiryWarningDays: BigInt(ctx.thresholds.expiryWarningDays),
      maxSecretLifetimeDays: BigInt(ctx.thresholds.maxSecretLifetimeDays),
    },
  };
}

/** Line (1-based) of `offset` inside the value of the scalar at `key`, for CEL error messages. */
function lineOf(doc: Document, lc: LineCounter, path: Array<string | number>, offset: number, text: string): number {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return 0;
  const start = lc.linePos(node.range[0]).line;
  const newlines = text.slice(0, offset).split('\n').length - 1;
  if (node.type === 'BLOCK_LITERAL') return start + 1 + newlines;
  if (node.type === 'BLOCK_FOLDED') return start + 1;
  return start;
}

function compile(
  env: Environment,
  expr: string,
  what: string,
  fail: (line: number, msg: string) => never,
  line: (offset: number) => number,
): ParseResult {
  let parsed: ParseResult;
  try {
    parsed = env.parse(expr);
  } catch (error) {
    const e = error as { summary?: string; message: string; range?: { start: number } };
    return fail(line(e.range?.start ?? 0), `${what} is not valid CEL: ${e.summary ?? e.message.split('\n')[0]}`);
  }
  const checked = parsed.check();
  if (!checked.valid) {
    const e = checked.error as { summary?: string; message: string; range?: { start: number } } | undefined;
    return fail(
      line(e?.range?.start ?? 0),
      `${what} does not type-check: ${e?.summary ?? e?.message.split('\n')[0] ?? 'unknown error'}`,
    );
  }
  if (what === 'condition' && checked.type !== 'bool' && checked.type !== 'dyn') {
    return fail(line(0), `condition must be a boolean expression, it returns ${checked.type}`);
  }
  return parsed;
}

/** Parses one custom rule file's text. Throws UserError naming the file, the line and the problem. */
export function parseCustomRule(text: string, file: string): Rule {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const fail = (line: number, msg: string): never => {
    throw new UserError(`${file}${line ? `:${line}` : ''}: ${msg}`);
  };
  if (doc.errors.length) {
    const e = doc.errors[0];
    fail(lc.linePos(e.pos[0]).line, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const result = CustomRuleFile.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    let node: unknown = null;
    for (let n = path.length; n >= 0 && !node; n--) node = doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number] } | null)?.range;
    const key = path.join('.') || '(top level)';
    fail(range ? lc.linePos(range[0]).line : 0, `${key}: ${issue.message}`);
  }
  const spec = (result as { data: CustomRuleFile }).data;
  const env = celEnvironment();
  const condition = compile(env, spec.condition, 'condition', fail, (offset) =>
    lineOf(doc, lc, ['condition'], offset, spec.condition),
  );
  const evidence = spec.evidence.map((e, n) => ({
    field: e.field,
    source: e.source,
    value: compile(env, e.value, `evidence[${n}].value`, fail, (offset) =>
      lineOf(doc, lc, ['evidence', n, 'value'], offset, e.value),
    ),
  }));
  const conditionText = spec.condition.trim();
  return {
    meta: {
      id: spec.id,
      title: spec.title,
      severity: spec.severity,
      description: spec.description,
      remediation: spec.remediation,
      owasp: spec.owasp,
      compliance: spec.compliance,
      platforms: spec.platforms,
      dataRequirement: spec.dataRequirement,
      tags: ['custom', ...spec.tags],
    },
    origin: { kind: 'custom', file },
    evaluate(v, ctx): Evidence[] | null {
      const context = celContext(v, ctx);
      if (condition(context) !== true) return null;
      if (evidence.length === 0) return [{ field: 'condition', value: conditionText, source: `custom rule ${file}` }];
      return evidence.map((e) => {
        let value: unknown;
        try {
          value = plain(e.value(context));
        } catch (error) {
          value = `(error: ${(error as Error).message.split('\n')[0]})`;
        }
        return { field: e.field, value, source: e.source };
      });
    },
  };
}

/**
 * Loads every *.yaml / *.yml file of `dir` (sorted, not recursive). Ids must be unique and must not shadow a
 * built-in rule. Any problem is a UserError naming the file and line.
 */
export function loadCustomRules(dir: string, builtinIds: Iterable<string> = []): Rule[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`rules.dir ${dir} is not a directory`);
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/i.test(n))
      .sort();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `rules.dir ${dir} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const taken = new Map<string, string>([...builtinIds].map((id) => [id, 'the built-in pack']));
  const rules: Rule[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const shown = relative(process.cwd(), file) || file;
    const rule = parseCustomRule(readFileSync(file, 'utf8'), shown.startsWith('..') ? file : shown);
    const clash = taken.get(rule.meta.id);
    if (clash) {
      const lc = new LineCounter();
      const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc });
      const node = doc.get('id', true) as { range?: [number, number] } | undefined;
      throw new UserError(
        `${shown}${node?.range ? `:${lc.linePos(node.range[0]).line}` : ''}: id: "${rule.meta.id}" is already used by ${clash}`,
      );
    }
    taken.set(rule.meta.id, shown);
    rules.push(rule);
  }
  return rules;
}
