import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, PLATFORMS } from '../../../platforms/registry.js';
import { sampleFindings } from '../../../testing/findings-fixtures.js';
import { exportFindings, toOcsf, toSarif } from './index.js';

const pack = BUILTIN_RULES.map((r) => r.meta);

describe('SARIF export', () => {
  const findings = sampleFindings();
  const log = toSarif(findings, pack);
  const run = log.runs[0];

  it('exports findings of every platform (what the connectors emit for their fixtures)', () => {
    expect(new Set(findings.map((f) => f.platform))).toEqual(new Set(PLATFORMS.map((p) => p.id)));
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['open', 'reopened', 'suppressed', 'resolved']));
  });

  it('lists every rule of the pack in tool.driver.rules, even rules without results', () => {
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual(pack.map((r) => r.id).sort());
    // One platform's findings leave the other platforms' rules without results; they are listed all the same.
    const onePlatform = toSarif(
      findings.filter((f) => f.platform === PLATFORMS[0].id),
      pack,
    ).runs[0];
    expect(new Set(onePlatform.results.map((r) => r.ruleId)).size).toBeLessThan(pack.length);
    expect(onePlatform.tool.driver.rules.map((r) => r.id).sort()).toEqual(pack.map((r) => r.id).sort());
    const root = run.tool.driver.rules.find((r) => r.id === 'aws-root-access-key')!;
    expect(root).toMatchObject({
      name: 'AwsRootAccessKey',
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.any(String) },
      help: { text: expect.stringContaining('root') },
    });
    expect(root.properties).toMatchObject({
      'security-severity': '9.5',
      owasp: 'NHI5:2025',
      tags: expect.arrayContaining(['security', 'owasp-nhi5']),
    });
  });

  it('locates results by logical location (identity, platform, tenant) and points at the rule index', () => {
    expect(run.results).toHaveLength(findings.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      const loc = r.locations[0].logicalLocations[0];
      const f = findings.find((x) => x.ruleId === r.ruleId && x.identityId === loc.fullyQualifiedName)!;
      expect(f).toBeDefined();
      expect(loc.properties).toEqual({ platform: f.platform, tenant: f.tenant });
      expect(r.level).toBe(
        f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'note',
      );
    }
    const suppressed = run.results.filter((r) => 'suppressions' in r);
    expect(suppressed.length).toBe(findings.filter((f) => f.status === 'suppressed').length);
    expect(log.version).toBe('2.1.0');
  });
});

describe('OCSF export', () => {
  const findings = sampleFindings();
  const events = toOcsf(findings, pack);

  it('emits one Detection Finding (2004) per finding with consistent uids and enums', () => {
    expect(events).toHaveLength(findings.length);
    for (const [n, e] of events.entries()) {
      const f = findings[n];
      expect(e).toMatchObject({ class_uid: 2004, category_uid: 2, finding_info: { uid: f.id } });
      expect(e.type_uid).toBe(200400 + e.activity_id);
      expect(e.severity_id).toBe({ info: 1, low: 2, medium: 3, high: 4, critical: 5 }[f.severity]);
      expect(e.status_id).toBe({ open: 1, reopened: 1, suppressed: 3, resolved: 4 }[f.status]);
      expect(e.activity_id).toBe(
        f.status === 'resolved' ? 3 : f.status === 'open' && f.firstSeen === f.lastSeen ? 1 : 2,
      );
      expect(e.finding_info.first_seen_time).toBe(Date.parse(f.firstSeen));
      expect(e.resources[0].uid).toBe(f.identityId);
      expect(e.evidences).toHaveLength(f.evidence.length);
      expect(e.metadata.product.name).toBe('Steward');
    }
  });

  it('renders JSON text for both formats', () => {
    expect(JSON.parse(exportFindings(findings, pack, 'ocsf'))).toHaveLength(findings.length);
    expect(JSON.parse(exportFindings(findings, pack, 'sarif')).runs[0].results).toHaveLength(findings.length);
  });
});
