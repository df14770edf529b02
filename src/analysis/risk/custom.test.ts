import { BUILTIN_RULES, DECLARED_ATTRIBUTES } from '../../platforms/registry.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StewardConfig } from '../../config/schema.js';
import { evaluateViews } from './evaluate.js';
import { BUDGET_DISABLED, loadCustomRules, parseCustomRule } from './custom.js';
import { loadRulePack } from './engine.js';
import { view } from '../../testing/views.js';
import { fixedClock } from '../../lib/clock.js';
import { Identity } from '../../model/index.js';
import { writeIdentities } from '../../store/index.js';
import { openTestStore } from '../../testing/store.js';
import { getFinding } from './findings-store.js';
import { runRiskAnalysis } from './engine.js';

const NOW = new Date('2026-11-01T00:00:00Z');

const GOOD = `# A team rule: production AWS users whose keys are older than half the rotation period.
id: acme-prod-key-age
title: Production key older than half the rotation period
severity: high
description: Stricter rotation for production.
remediation: Rotate it.
owasp: NHI7:2025
compliance: [PCI DSS 4.0 8.6.3]
platforms: [aws]
dataRequirement: Needs identity.environment and credentials[].createdAt.
condition: |
  identity.environment == "prod" &&
  credentials.exists(c, c.enabled && c.createdAt != null &&
    daysSince(c.createdAt) > thresholds.rotationDays / 2)
evidence:
  - field: credentials
    value: credentials.filter(c, c.enabled).map(c, c.id)
    source: AWS ListAccessKeys
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'steward-rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('custom CEL rules', () => {
  it('a rule file dropped into rules.dir fires without code change', () => {
    const dir = dirWith({ 'prod-key.yaml': GOOD, 'notes.txt': 'ignored' });
    const config = StewardConfig.parse({ rules: { dir } });
    const { rules, all } = loadRulePack(config, BUILTIN_RULES);
    expect(all.length).toBe(BUILTIN_RULES.length + 1);
    const old = view({
      platform: 'aws',
      nativeId: 'old',
      environment: 'prod',
      credentials: [{ id: 'AKIAOLD', type: 'access_key', createdAt: '2026-01-01T00:00:00Z' }],
    });
    const fresh = view({
      platform: 'aws',
      nativeId: 'fresh',
      environment: 'prod',
      credentials: [{ id: 'AKIANEW', type: 'access_key', createdAt: '2026-10-01T00:00:00Z' }],
    });
    const staging = view({
      platform: 'aws',
      nativeId: 'stg',
      environment: 'staging',
      credentials: [{ id: 'AKIASTG', type: 'access_key', createdAt: '2026-01-01T00:00:00Z' }],
    });
    const otherPlatform = view({
      platform: 'github',
      nativeId: 'gh',
      environment: 'prod',
      credentials: [{ id: 'x', type: 'token', createdAt: '2020-01-01T00:00:00Z' }],
    });
    const hits = evaluateViews([old, fresh, staging, otherPlatform], {
      now: NOW,
      rules: rules.filter((r) => r.meta.id === 'acme-prod-key-age'),
    });
    expect(hits.map((h) => h.identity.id)).toEqual([old.id]);
    expect(hits[0].evidence).toEqual([{ field: 'credentials', value: ['AKIAOLD'], source: 'AWS ListAccessKeys' }]);
    expect(hits[0].rule).toMatchObject({ severity: 'high', owasp: 'NHI7:2025', platforms: ['aws'] });
  });

  it('thresholds from config reach custom rules, and disabled ids are skipped', () => {
    const dir = dirWith({ 'prod-key.yaml': GOOD });
    const v = view({
      platform: 'aws',
      environment: 'prod',
      credentials: [{ type: 'access_key', createdAt: '2026-08-01T00:00:00Z' }],
    });
    const rule = loadCustomRules(dir);
    expect(evaluateViews([v], { now: NOW, rules: rule })).toHaveLength(0);
    expect(evaluateViews([v], { now: NOW, rules: rule, thresholds: { rotationDays: 100 } })).toHaveLength(1);
    const { rules } = loadRulePack(
      StewardConfig.parse({ rules: { dir, disabled: ['acme-prod-key-age', 'nhi-stale'] } }),
      BUILTIN_RULES,
    );
    expect(rules.map((r) => r.meta.id)).not.toContain('acme-prod-key-age');
    expect(rules.map((r) => r.meta.id)).not.toContain('nhi-stale');
  });

  it('a CEL syntax error names the file and the condition line', () => {
    const text = GOOD.replace('daysSince(c.createdAt) > thresholds.rotationDays / 2)', 'daysSince(c.createdAt) > > 2)');
    expect(() => parseCustomRule(text, 'rules/prod-key.yaml')).toThrow(
      /^rules\/prod-key\.yaml:14: condition is not valid CEL: /,
    );
  });

  it('an unknown variable or a type error is caught at load time, with its line', () => {
    const text = GOOD.replace('identity.environment == "prod"', 'identiy.environment == "prod"');
    expect(() => parseCustomRule(text, 'r.yaml')).toThrow(/^r\.yaml:12: condition does not type-check: .*identiy/);
    const single = GOOD.replace(/condition: \|[\s\S]*?evidence:/, 'condition: size(credentials) + 1\nevidence:');
    expect(() => parseCustomRule(single, 'r.yaml')).toThrow(
      /^r\.yaml:11: condition must be a boolean expression, it returns int/,
    );
    const typeError = GOOD.replace(
      /condition: \|[\s\S]*?evidence:/,
      'condition: size(credentials) + "x" == 1\nevidence:',
    );
    expect(() => parseCustomRule(typeError, 'r.yaml')).toThrow(/^r\.yaml:11: condition does not type-check: /);
  });

  it('schema problems name the key and its line', () => {
    expect(() => parseCustomRule(GOOD.replace('severity: high', 'severity: huge'), 'a.yaml')).toThrow(
      /^a\.yaml:4: severity: /,
    );
    expect(() => parseCustomRule(GOOD.replace('owasp: NHI7:2025', 'owasp: NHI11:2025'), 'a.yaml')).toThrow(
      /^a\.yaml:7: owasp: /,
    );
    expect(() => parseCustomRule(GOOD.replace('title: Production', 'titel: Production'), 'a.yaml')).toThrow(
      /^a\.yaml(:\d+)?: .*(titel|title)/,
    );
    expect(() => parseCustomRule('id: x\n  bad: [', 'b.yaml')).toThrow(/^b\.yaml:\d+: invalid YAML: /);
  });

  it('refuses a custom id that shadows a built-in rule, naming the file and line', () => {
    const dir = dirWith({ 'dup.yaml': GOOD.replace('id: acme-prod-key-age', 'id: nhi-stale') });
    expect(() => loadRulePack(StewardConfig.parse({ rules: { dir } }), BUILTIN_RULES)).toThrow(
      /dup\.yaml:2: id: "nhi-stale" is already used by the built-in pack/,
    );
  });

  it('a missing rules.dir is a clear error', () => {
    expect(() => loadCustomRules('/nonexistent/steward-rules')).toThrow(
      /rules\.dir \/nonexistent\/steward-rules cannot be read: ENOENT/,
    );
  });

  it('refuses at load an expression that does not type-check against the identity fields, naming file and expression', () => {
    const rule = (cond: string) => GOOD.replace(/condition: \|[\s\S]*?evidence:/, `condition: ${cond}\nevidence:`);
    expect(() => parseCustomRule(rule('identity.name + 1 == 2'), 'rules/t.yaml')).toThrow(
      /^rules\/t\.yaml:11: condition does not type-check: .*string \+ int.* in `identity\.name \+ 1`/,
    );
    expect(() => parseCustomRule(rule('identity.nmae == "x"'), 'rules/t.yaml')).toThrow(
      /^rules\/t\.yaml:11: condition does not type-check: .*nmae/,
    );
    expect(() => parseCustomRule(rule('identity.enabled + 1 == 2'), 'rules/t.yaml')).toThrow(/bool \+ int/);
    // What the model allows stays allowed: dynamic attributes, nullable fields, nested lists.
    for (const ok of [
      'identity.name + "x" == "ax"',
      'identity.attributes.foo == 3',
      'identity.createdAt != null && daysSince(identity.createdAt) > 3',
      'identity.publisher != null && identity.publisher.verified',
      'identity.permissions.exists(p, p.access == "admin")',
      'owner != null && owner.status == "departed"',
    ])
      expect(() => parseCustomRule(rule(ok), 'ok.yaml'), ok).not.toThrow();
  });

  it("refuses at load an attribute no connector of the rule's platforms declares in its typed facts", () => {
    const rule = (platforms: string, cond: string) =>
      GOOD.replace('platforms: [aws]', `platforms: ${platforms}`).replace(
        /condition: \|[\s\S]*?evidence:/,
        `condition: ${cond}\nevidence:`,
      );
    const load = (platforms: string, cond: string) =>
      parseCustomRule(rule(platforms, cond), 'rules/t.yaml', undefined, DECLARED_ATTRIBUTES);
    // Declared facts load: a GitHub deploy key's readOnly, AWS roles' parsed trust, a common credential fact.
    expect(() => load('[github]', 'identity.attributes.readOnly == false')).not.toThrow();
    expect(() => load('[aws]', 'identity.attributes["trust"].size() > 0')).not.toThrow();
    expect(() => load('all', 'credentials.exists(c, c.attributes.supportsExpiry == true)')).not.toThrow();
    // The vendor's spelling, a fact of another platform, and a typo are refused with file, line and name.
    expect(() => load('[github]', 'identity.attributes.read_only == false')).toThrow(
      /^rules\/t\.yaml:11: condition reads attributes\.read_only, which no connector of github declares/,
    );
    expect(() => load('[aws]', 'identity.attributes.readOnly == false')).toThrow(/attributes\.readOnly.*of aws/);
    expect(() => load('all', 'permissions.exists(p, p.attributes.tenantWid)')).toThrow(/attributes\.tenantWid/);
    // Without the declared facts (a library caller), attributes stay dynamic as CEL sees them.
    expect(() => parseCustomRule(rule('[github]', 'identity.attributes.read_only == false'), 't.yaml')).not.toThrow();
  });

  it('a rule over its evaluation budget is disabled for the run with one error naming rule and file; others go on', () => {
    const nested = GOOD.replace('id: acme-prod-key-age', 'id: nested-all')
      .replace('platforms: [aws]', 'platforms: all')
      .replace(
        /condition: \|[\s\S]*?evidence:/,
        'condition: identity.permissions.all(p, identity.permissions.all(q, identity.permissions.all(r, true)))\nevidence:',
      );
    const cheap = GOOD.replace('id: acme-prod-key-age', 'id: cheap')
      .replace('platforms: [aws]', 'platforms: all')
      .replace(/condition: \|[\s\S]*?evidence:/, 'condition: identity.name.startsWith("big")\nevidence:');
    const permissions = Array.from({ length: 400 }, (_, n) => ({ nativeName: `p${n}`, access: 'read' as const }));
    const views = [1, 2, 3].map((n) => view({ id: `github:acme:big-${n}`, name: `big-${n}`, permissions }));
    const rules = [nested, cheap].map((t, n) => parseCustomRule(t, `rules/${n}.yaml`));
    const errors: Array<{ ruleId: string; message: string }> = [];
    const started = performance.now();
    const hits = evaluateViews(views, { now: NOW, rules, onError: (e) => errors.push(e) });
    expect(performance.now() - started).toBeLessThan(5_000); // 400³ = 64 M steps would take minutes
    expect(errors).toHaveLength(1);
    expect(errors[0].ruleId).toBe('nested-all');
    expect(errors[0].message).toMatch(
      /^custom rule nested-all \(rules\/0\.yaml\) exceeded its evaluation budget \(more than 1000000 steps\) on github:acme:big-1; /,
    );
    expect(errors[0].message).toContain(BUDGET_DISABLED);
    expect(hits.map((h) => `${h.rule.id} ${h.identity.id}`)).toEqual([
      'cheap github:acme:big-1',
      'cheap github:acme:big-2',
      'cheap github:acme:big-3',
    ]);
    // A new run starts with a fresh budget: small identities pass again.
    const small = [view({ id: 'github:acme:small', name: 'small', permissions: permissions.slice(0, 5) })];
    const again: unknown[] = [];
    expect(evaluateViews(small, { now: NOW, rules, onError: (e) => again.push(e) }).map((h) => h.rule.id)).toEqual([
      'nested-all',
    ]);
    expect(again).toEqual([]);
  });

  it('the per-run time cap of a rule disables it too, and an exhausted budget inside exists() is not absorbed', () => {
    const rule = (cond: string, budget = { maxSteps: 50, maxEvaluationMs: 1_000, maxRuleMsPerRun: 30_000 }) =>
      parseCustomRule(
        GOOD.replace('platforms: [aws]', 'platforms: all').replace(
          /condition: \|[\s\S]*?evidence:/,
          `condition: ${cond}\nevidence:`,
        ),
        'r.yaml',
        budget,
      );
    const permissions = Array.from({ length: 30 }, (_, n) => ({ nativeName: `p${n}`, access: 'read' as const }));
    const v = view({ id: 'github:acme:x', name: 'x', permissions });
    const errors: string[] = [];
    // The first element satisfies exists() only after the inner loop ran over budget: still a budget error.
    const absorbed = rule('identity.permissions.exists(p, identity.permissions.all(q, true) || true)');
    expect(evaluateViews([v], { now: NOW, rules: [absorbed], onError: (e) => errors.push(e.message) })).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/exceeded its evaluation budget \(more than 50 steps\)/)]);
    errors.length = 0;
    const slow = rule('identity.name == "x"', { maxSteps: 1_000_000, maxEvaluationMs: 1_000, maxRuleMsPerRun: 0 });
    expect(evaluateViews([v, v, v], { now: NOW, rules: [slow], onError: (e) => errors.push(e.message) })).toEqual([]);
    expect(errors).toEqual([
      expect.stringMatching(/^custom rule acme-prod-key-age \(r\.yaml\) .*more than 0 ms in this run/),
    ]);
  });

  it('on the store path a rule disabled mid-run leaves its findings as they are (nothing resolved)', async () => {
    const store = await openTestStore('sqlite');
    try {
      const text = GOOD.replace('id: acme-prod-key-age', 'id: pairs')
        .replace('platforms: [aws]', 'platforms: all')
        .replace(
          /condition: \|[\s\S]*?evidence:/,
          'condition: identity.permissions.all(p, identity.permissions.all(q, true))\nevidence:',
        );
      const rules = [
        parseCustomRule(text, 'rules/pairs.yaml', { maxSteps: 2_000, maxEvaluationMs: 1_000, maxRuleMsPerRun: 30_000 }),
      ];
      const perms = (n: number) => Array.from({ length: n }, (_, k) => ({ nativeName: `p${k}`, access: 'read' }));
      const ident = (nativeId: string, n: number) =>
        Identity.parse({
          id: `github:acme:bot:${nativeId}`,
          platform: 'github',
          tenant: 'acme',
          kind: 'bot',
          nativeType: 'bot',
          nativeId,
          name: nativeId,
          permissions: perms(n),
        });
      const config = StewardConfig.parse({});
      const run = (day: string) => runRiskAnalysis(store, { config, clock: fixedClock(day), builtinRules: [], rules });
      await writeIdentities(store, [ident('a', 2), ident('b', 2), ident('c', 2)], 'run-1', '2026-11-01T00:00:00.000Z');
      expect((await run('2026-11-01T00:00:00.000Z')).findings.opened).toBe(3);
      // b now has 100 permissions: 10,000 pairs, over the 2,000-step budget; c comes after b.
      await writeIdentities(
        store,
        [ident('a', 2), ident('b', 100), ident('c', 2)],
        'run-2',
        '2026-11-02T00:00:00.000Z',
      );
      const r = await run('2026-11-02T00:00:00.000Z');
      expect(r.errorCount).toBe(1);
      expect(r.errors[0].message).toMatch(
        /^custom rule pairs \(rules\/pairs\.yaml\) exceeded .* on github:acme:bot:b; /,
      );
      expect(r.findings.resolved).toBe(0);
      for (const id of ['a', 'b', 'c'])
        expect((await getFinding(store, `pairs|github:acme:bot:${id}`))?.status, id).toBe('open');
    } finally {
      await store.close();
    }
  });
});
