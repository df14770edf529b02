import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../platforms/registry.js';
import { cis, cisControlOf } from './cis.js';
import { toSarif } from './formats/sarif.js';

const compliance = (id: string) => BUILTIN_RULES.find((r) => r.meta.id === id)?.meta.compliance ?? [];

describe('CIS Benchmark controls', () => {
  it('spells a label as benchmark, version and control', () => {
    expect(cis.aws('2.12')).toBe('CIS AWS Foundations 7.0 2.12');
    expect(cis.m365('5.3.1')).toBe('CIS Microsoft 365 Foundations 7.0 5.3.1');
    expect(cis.github('1.4.4')).toBe('CIS GitHub 1.2 1.4.4');
  });

  it('reads a label back, and nothing from other labels or unknown controls', () => {
    expect(cisControlOf('CIS AWS Foundations 7.0 2.4')).toEqual({
      benchmark: 'aws',
      control: '2.4',
      title: "Ensure no 'root' user account access key exists",
    });
    expect(cisControlOf('CIS AWS Foundations 7.0 9.99')).toBeUndefined();
    expect(cisControlOf('CIS AWS Foundations 1.14')).toBeUndefined();
    expect(cisControlOf('PCI DSS 4.0 8.6.3')).toBeUndefined();
  });

  it('every CIS label a built-in rule cites is a control of the catalogue', () => {
    const cited = BUILTIN_RULES.flatMap((r) => r.meta.compliance.filter((c) => c.startsWith('CIS ')));
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((label) => !cisControlOf(label))).toEqual([]);
  });

  it('maps the rules whose control the benchmarks name', () => {
    expect(compliance('credential-not-rotated')).toContain('CIS AWS Foundations 7.0 2.12');
    expect(compliance('aws-root-access-key')).toContain('CIS AWS Foundations 7.0 2.4');
    expect(compliance('nhi-stale')).toEqual(
      expect.arrayContaining(['CIS AWS Foundations 7.0 2.11', 'CIS GitHub 1.2 1.4.2']),
    );
    expect(compliance('entra-sp-privileged-directory-role')).toContain('CIS Microsoft 365 Foundations 7.0 5.3.1');
    expect(compliance('github-webhook-insecure')).toContain('CIS GitHub 1.2 1.4.4');
    // CIS AWS Foundations 7.0 no longer has the "only one active access key" recommendation (1.13 before v5).
    expect(compliance('multiple-active-keys').filter((c) => c.startsWith('CIS '))).toEqual([]);
  });

  it('SARIF help names each cited control with its text', () => {
    const sarif = toSarif([], [BUILTIN_RULES.find((r) => r.meta.id === 'aws-root-access-key')!.meta]);
    const help = sarif.runs[0].tool.driver.rules[0].help.markdown;
    expect(help).toContain("- CIS AWS Foundations 7.0 2.4: Ensure no 'root' user account access key exists");
  });
});
