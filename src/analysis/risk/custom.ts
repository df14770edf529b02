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

/**
 * Evaluation budget of a custom rule. A step is one evaluation of a sub-expression by cel-js (each comprehension
 * iteration of `all`/`exists`/`map`/`filter` is at least one), counted deterministically; the time caps are a
 * safety net. Exceeding any of them disables the rule for the rest of the run (one error naming rule and file).
 */
export interface CelBudget {
  /** Steps one evaluation (condition plus evidence, one identity) may take. */
  maxSteps: number;
  /** Wall time one evaluation may take, checked every 1,024 steps. */
  maxEvaluationMs: number;
  /** Total wall time one rule may spend over all identities of one run. */
  maxRuleMsPerRun: number;
}
export const DEFAULT_CEL_BUDGET: CelBudget = { maxSteps: 1_000_000, maxEvaluationMs: 1_000, maxRuleMsPerRun: 30_000 };
/** Part of the message of the one error a rule over budget reports (the risk step warns it on its own line). */
export const BUDGET_DISABLED = 'disabled for the rest of this run';

class BudgetExceeded extends Error {}
/** The meter of the evaluation running now (evaluation is synchronous, so one is enough). */
const meter = { steps: 0, maxSteps: Number.POSITIVE_INFINITY, deadline: Number.POSITIVE_INFINITY, over: '' };
function tick(): void {
  if (meter.over) throw new BudgetExceeded(meter.over);
  if (++meter.steps > meter.maxSteps) meter.over = `more than ${meter.maxSteps} steps`;
  else if ((meter.steps & 1023) === 0 && performance.now() > meter.deadline) meter.over = 'evaluation time cap';
  if (meter.over) throw new BudgetExceeded(meter.over);
}

/**
 * cel-js has parse-time limits only (AST size and depth), no runtime cost limit. Every sub-expression of a
 * comprehension is run through the evaluator's `run` method, so the meter wraps that method of the environment's
 * evaluator (reached as `this` of a function handler). custom.test.ts fails if a cel-js upgrade bypasses it.
 */
function installMeter(env: Environment): void {
  let evaluator: { run: (ast: unknown, ctx: unknown) => unknown } | undefined;
  env.registerFunction('__stewardMeterProbe(): bool', function (this: typeof evaluator) {
    evaluator = this;
    return true;
  });
  env.evaluate('__stewardMeterProbe()', {});
  if (!evaluator || typeof evaluator.run !== 'function')
    throw new Error('cel-js evaluator not reachable for the budget meter');
  const run = evaluator.run;
  evaluator.run = function (ast, ctx) {
    tick();
    return run.call(this, ast, ctx);
  };
}

let sharedEnv: Environment | null = null;
let checkEnv: Environment | null = null;
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
  installMeter(env);
  sharedEnv = env;
  return env;
}

const nullable = 'dyn'; // a field that may be null: CEL has no optional scalar types, so it stays dynamic
/**
 * The environment conditions are type-checked in at load: `identity` with the field types of the Identity model
 * (src/model/identity.ts) plus the view's owner/firstSeen/lastSeen; attributes stay a dynamic map. Evaluation
 * uses the plain environment (no conversion of every view into typed objects).
 */
function celCheckEnvironment(): Environment {
  if (checkEnv) return checkEnv;
  const env = new Environment({ homogeneousAggregateLiterals: false })
    .registerVariable({
      name: 'identity',
      schema: {
        id: 'string',
        platform: 'string',
        tenant: 'string',
        kind: 'string',
        nativeType: 'string',
        nativeId: 'string',
        name: 'string',
        createdAt: nullable,
        createdBy: nullable,
        lastUsedAt: nullable,
        lastUsedSource: nullable,
        enabled: 'bool',
        publisher: nullable,
        thirdParty: 'bool',
        interactive: 'bool',
        environment: nullable,
        attributes: 'map<string, dyn>',
        credentials: 'list<map<string, dyn>>',
        permissions: 'list<map<string, dyn>>',
        ownerClaims: 'list<map<string, dyn>>',
        owner: nullable,
        firstSeen: 'string',
        lastSeen: 'string',
      },
    })
    .registerVariable('credentials', 'list<map<string, dyn>>')
    .registerVariable('permissions', 'list<map<string, dyn>>')
    .registerVariable('owner', 'dyn')
    .registerVariable('ownerClaims', 'list<map<string, dyn>>')
    .registerVariable('now', 'google.protobuf.Timestamp')
    .registerVariable('thresholds', 'map<string, int>');
  for (const sig of [
    'daysSince(string): int',
    'daysSince(google.protobuf.Timestamp): int',
    'daysUntil(string): int',
    'daysUntil(google.protobuf.Timestamp): int',
  ])
    env.registerFunction(sig, () => 0n);
  checkEnv = env;
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
  let checked = parsed.check();
  // Typed check against the model's field types (catches `identity.name + 1`, `identity.nmae`).
  if (checked.valid) checked = celCheckEnvironment().check(expr);
  if (!checked.valid) {
    const e = checked.error as
      | { summary?: string; message: string; range?: { start: number; end?: number } }
      | undefined;
    const at = e?.range
      ? expr
          .slice(e.range.start, e.range.end ?? expr.length)
          .trim()
          .slice(0, 120)
      : '';
    return fail(
      line(e?.range?.start ?? 0),
      `${what} does not type-check: ${e?.summary ?? e?.message.split('\n')[0] ?? 'unknown error'}${at ? ` in \`${at}\`` : ''}`,
    );
  }
  if (what === 'condition' && checked.type !== 'bool' && checked.type !== 'dyn') {
    return fail(line(0), `condition must be a boolean expression, it returns ${checked.type}`);
  }
  return parsed;
}

/** Attribute names each platform's connector declares, by platform id (src/platforms/registry.ts). */
export type DeclaredAttributes = ReadonlyMap<string, ReadonlySet<string>>;

/** The attribute names an expression reads: `attributes.name` or `attributes["name"]` (of any object). */
function attributeReads(expr: string): Array<{ name: string; offset: number }> {
  const reads = [...expr.matchAll(/\battributes\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*(?:"([^"]*)"|'([^']*)')\s*\])/g)];
  return reads.map((m) => ({ name: m[1] ?? m[2] ?? m[3], offset: m.index ?? 0 }));
}

/**
 * Attributes are a dynamic map to CEL, so its type check cannot see a misspelled fact: a read of an attribute that
 * no connector of the rule's platforms declares in its typed facts is refused at load instead.
 */
function checkAttributeReads(
  expr: string,
  what: string,
  platforms: 'all' | readonly string[],
  declared: DeclaredAttributes,
  fail: (line: number, msg: string) => never,
  line: (offset: number) => number,
): void {
  const ids = platforms === 'all' ? [...declared.keys()] : platforms;
  const known = new Set(ids.flatMap((id) => [...(declared.get(id) ?? [])]));
  for (const read of attributeReads(expr)) {
    if (known.has(read.name)) continue;
    fail(
      line(read.offset),
      `${what} reads attributes.${read.name}, which no connector of ${ids.join(', ')} declares (typed facts: src/platforms/<id>/facts.ts)`,
    );
  }
}

/** Per-run state of a custom rule (made by its pre-pass, so a new run starts with a fresh budget). */
class RunBudget {
  spentMs = 0;
  disabled = false;
}
const newRunBudget = (): RunBudget => new RunBudget();

/**
 * Ids of the custom rules that ran over their budget in this run (from the prepared states): the store path leaves
 * their findings as they are instead of resolving them for identities the rule was no longer evaluated on.
 */
export function budgetDisabledRules(prepared: ReadonlyArray<{ rule: Rule; state: unknown }>): Set<string> {
  const off = new Set<string>();
  for (const p of prepared) if (p.state instanceof RunBudget && p.state.disabled) off.add(p.rule.meta.id);
  return off;
}

/** Parses one custom rule file's text. Throws UserError naming the file, the line and the problem. */
export function parseCustomRule(
  text: string,
  file: string,
  budget: CelBudget = DEFAULT_CEL_BUDGET,
  declared?: DeclaredAttributes,
): Rule {
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
  if (declared) {
    checkAttributeReads(spec.condition, 'condition', spec.platforms, declared, fail, (offset) =>
      lineOf(doc, lc, ['condition'], offset, spec.condition),
    );
    for (const [n, e] of spec.evidence.entries()) {
      checkAttributeReads(e.value, `evidence[${n}].value`, spec.platforms, declared, fail, (offset) =>
        lineOf(doc, lc, ['evidence', n, 'value'], offset, e.value),
      );
    }
  }
  const conditionText = spec.condition.trim();
  let fallbackRun: RunBudget | undefined; // evaluate() called without the pre-pass (tests, ad-hoc callers)
  const evaluateOne = (v: IdentityView, ctx: RuleContext): Evidence[] | null => {
    const context = celContext(v, ctx);
    if (condition(context) !== true) return null;
    if (evidence.length === 0) return [{ field: 'condition', value: conditionText, source: `custom rule ${file}` }];
    return evidence.map((e) => {
      let value: unknown;
      try {
        value = plain(e.value(context));
      } catch (error) {
        if (error instanceof BudgetExceeded || meter.over) throw error;
        value = `(error: ${(error as Error).message.split('\n')[0]})`;
      }
      return { field: e.field, value, source: e.source };
    });
  };
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
    prepareFromViews: newRunBudget,
    prepareFromStore: async () => newRunBudget(),
    evaluate(v, ctx, state): Evidence[] | null {
      if (!(state instanceof RunBudget) && !fallbackRun) fallbackRun = newRunBudget();
      const run = state instanceof RunBudget ? state : (fallbackRun as RunBudget);
      if (run.disabled) return null;
      const start = performance.now();
      meter.steps = 0;
      meter.maxSteps = budget.maxSteps;
      meter.deadline = start + budget.maxEvaluationMs;
      meter.over = '';
      let result: Evidence[] | null = null;
      let failure: unknown;
      try {
        result = evaluateOne(v, ctx);
      } catch (error) {
        failure = error;
      }
      // Errors inside `exists`/`||` may be absorbed by CEL, so the meter, not the result, says whether it ran over.
      let over = meter.over;
      meter.over = '';
      meter.maxSteps = Number.POSITIVE_INFINITY;
      meter.deadline = Number.POSITIVE_INFINITY;
      run.spentMs += performance.now() - start;
      if (!over && run.spentMs > budget.maxRuleMsPerRun) over = `more than ${budget.maxRuleMsPerRun} ms in this run`;
      if (over) {
        run.disabled = true;
        throw new Error(
          `custom rule ${spec.id} (${file}) exceeded its evaluation budget (${over}) on ${v.id}; ${BUDGET_DISABLED}`,
        );
      }
      if (failure !== undefined) throw failure;
      return result;
    },
  };
}

/**
 * Loads every *.yaml / *.yml file of `dir` (sorted, not recursive). Ids must be unique and must not shadow a
 * built-in rule. Any problem is a UserError naming the file and line.
 */
export function loadCustomRules(
  dir: string,
  builtinIds: Iterable<string> = [],
  budget: CelBudget = DEFAULT_CEL_BUDGET,
  declared?: DeclaredAttributes,
): Rule[] {
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
    const rule = parseCustomRule(readFileSync(file, 'utf8'), shown.startsWith('..') ? file : shown, budget, declared);
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
