import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../../model/index.js';
import type { RuleMetadata } from '../types.js';

let cached: string | null = null;

/** Steward's version from the nearest package.json named "steward" (works from src/ and from dist/). */
export function productVersion(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let n = 0; n < 8; n++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'steward' && pkg.version) {
        cached = pkg.version;
        return cached;
      }
    }
    dir = dirname(dir);
  }
  cached = '0.0.0';
  return cached;
}

export const PRODUCT = {
  name: 'Steward',
  vendor: 'Steward project',
  informationUri: 'https://github.com/steward-nhi/steward',
} as const;

/** Metadata for a finding's rule; a finding whose rule is gone (custom rule removed) gets a stand-in. */
export function ruleFor(
  rules: ReadonlyMap<string, RuleMetadata>,
  f: Pick<Finding, 'ruleId' | 'title' | 'severity'>,
): RuleMetadata {
  return (
    rules.get(f.ruleId) ?? {
      id: f.ruleId,
      title: f.title,
      severity: f.severity,
      description: f.title,
      remediation: '',
      owasp: 'NHI1:2025',
      compliance: [],
      platforms: 'all',
      dataRequirement: 'rule no longer in the pack',
    }
  );
}
