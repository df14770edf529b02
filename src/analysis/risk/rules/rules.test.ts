import { describe, expect, it } from 'vitest';
import { StewardConfig } from '../../../config/schema.js';
import { DEFAULT_THRESHOLDS } from '../../../config/thresholds.js';
import { PLATFORMS, BUILTIN_RISKS, BUILTIN_RULES } from '../../../platforms/registry.js';
import { fixtureViews } from '../../../testing/findings-fixtures.js';
import { view } from '../../../testing/views.js';
import { appliesTo, evaluateViews } from '../evaluate.js';
import { OWASP_NHI_IDS, type Rule, type RuleMetadata } from '../types.js';

/**
 * Pack-level checks that need no vendor data. What each rule fires on is tested on transformed vendor payloads in
 * src/platforms/<id>/rules/ (platform rules and the generic rules a platform's data can trigger).
 */
const NOW = new Date('2026-11-01T00:00:00Z');

/** A rule for these checks only: fires on every identity and reports the thresholds it was given. */
const probe = (id: string): Rule => ({
  meta: { ...BUILTIN_RULES[0].meta, id, platforms: 'all' } satisfies RuleMetadata,
  evaluate: (_view, ctx) => [{ field: 'thresholds', value: ctx.thresholds, source: 'probe' }],
});

describe('built-in rule pack', () => {
  it('implements exactly the built-in risks: every rule id is a risk id and every risk id a rule', () => {
    const ruleIds = BUILTIN_RULES.map((r) => r.meta.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect([...ruleIds].sort()).toEqual(BUILTIN_RISKS.map((r) => r.id).sort());
  });

  it.each(BUILTIN_RULES.map((r) => [r.meta.id, r.meta] as const))('%s has complete metadata', (id, meta) => {
    const risk = BUILTIN_RISKS.find((c) => c.id === id);
    expect(OWASP_NHI_IDS).toContain(meta.owasp);
    expect(meta.title.length).toBeGreaterThan(5);
    expect(meta.description.length).toBeGreaterThan(10);
    expect(meta.remediation.length).toBeGreaterThan(10);
    expect(meta.dataRequirement.length).toBeGreaterThan(10);
    expect(meta.compliance.length).toBeGreaterThan(0);
    for (const ref of meta.compliance) expect(ref).toMatch(/\w+ .*\d/);
    expect(meta.platforms).toEqual(risk?.platforms);
    if (meta.platforms !== 'all') {
      expect(meta.platforms.length).toBeGreaterThan(0);
      for (const p of meta.platforms) expect(PLATFORMS.map((x) => x.id)).toContain(p);
    }
  });

  it("every rule fires on some connector's output, with evidence naming its source", () => {
    // What the connectors' transforms emit for their fixtures (src/platforms/<id>/fixtures/): a rule that never
    // fires there reads data no connector provides.
    const hits = evaluateViews(fixtureViews(), { now: NOW, rules: BUILTIN_RULES });
    expect(new Set(hits.map((h) => h.rule.id))).toEqual(new Set(BUILTIN_RULES.map((r) => r.meta.id)));
    for (const h of hits) {
      expect(h.evidence.length, h.rule.id).toBeGreaterThan(0);
      for (const e of h.evidence) expect(e.source, h.rule.id).toMatch(/\w/);
    }
  });

  it('reports a throwing rule without stopping the others', () => {
    const errors: string[] = [];
    const boom: Rule = {
      meta: probe('boom').meta,
      evaluate: () => {
        throw new Error('bad data');
      },
    };
    const hits = evaluateViews([view(), view({ nativeId: 'n2' })], {
      now: NOW,
      rules: [boom, probe('after-boom')],
      onError: (e) => errors.push(`${e.ruleId}: ${e.message}`),
    });
    expect(errors).toEqual(['boom: bad data', 'boom: bad data']);
    expect(hits.map((h) => `${h.rule.id} ${h.identity.nativeId}`)).toEqual(['after-boom n1', 'after-boom n2']);
  });

  it('skips disabled rules, and rules of other platforms', () => {
    const hits = evaluateViews([view()], { now: NOW, rules: [probe('on'), probe('off')], disabled: ['off'] });
    expect(hits.map((h) => h.rule.id)).toEqual(['on']);
    const [first, second] = PLATFORMS.map((p) => p.id);
    const scoped = { ...probe('one-platform'), meta: { ...probe('one-platform').meta, platforms: [first] } };
    expect(appliesTo(scoped.meta, first)).toBe(true);
    if (second) {
      expect(appliesTo(scoped.meta, second)).toBe(false);
      expect(evaluateViews([view({ platform: second })], { now: NOW, rules: [scoped] })).toEqual([]);
    }
  });

  it('passes thresholds from steward.yaml to the rules, defaults filling the rest', () => {
    const config = StewardConfig.parse({ rules: { thresholds: { staleDays: 30, rotationDays: 45 } } });
    const [hit] = evaluateViews([view()], { now: NOW, rules: [probe('p')], thresholds: config.rules.thresholds });
    expect(hit.evidence[0].value).toEqual({ ...DEFAULT_THRESHOLDS, staleDays: 30, rotationDays: 45 });
    const [plain] = evaluateViews([view()], { now: NOW, rules: [probe('p')] });
    expect(plain.evidence[0].value).toEqual(DEFAULT_THRESHOLDS);
  });
});
