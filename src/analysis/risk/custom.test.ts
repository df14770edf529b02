import { BUILTIN_RULES } from '../../platforms/registry.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StewardConfig } from '../../config/schema.js';
import { evaluateViews } from './evaluate.js';
import { loadCustomRules, parseCustomRule } from './custom.js';
import { loadRulePack } from './engine.js';
import { view } from '../../testing/views.js';

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
});
