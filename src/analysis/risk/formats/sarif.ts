import type { Finding, Severity } from '../../../model/index.js';
import { OWASP_NHI_TOP10, type RuleMetadata } from '../types.js';
import { PRODUCT, productVersion, ruleFor } from './product.js';
import { cisControlOf } from '../cis.js';

/** GitHub code scanning's security-severity scale (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0). */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const pascal = (id: string): string =>
  id
    .split(/[-_.]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');

/** Markdown lines naming each CIS control a rule cites with the control's text, or nothing. */
function cisMarkdown(r: RuleMetadata): string {
  const lines = r.compliance.flatMap((label) => {
    const control = cisControlOf(label);
    return control ? [`- ${label}: ${control.title}`] : [];
  });
  return lines.length ? `\n\n**CIS Benchmarks:**\n${lines.join('\n')}` : '';
}

function sarifRule(r: RuleMetadata) {
  const platforms = r.platforms === 'all' ? 'all platforms' : r.platforms.join(', ');
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: {
      text: `${r.remediation}\n\nOWASP ${r.owasp} ${OWASP_NHI_TOP10[r.owasp]}. Applies to: ${platforms}. Data: ${r.dataRequirement}`,
      markdown: `**Remediation:** ${r.remediation}\n\n**OWASP:** ${r.owasp} ${OWASP_NHI_TOP10[r.owasp]}  \n**Compliance:** ${r.compliance.join(', ') || '-'}  \n**Applies to:** ${platforms}  \n**Data:** ${r.dataRequirement}${cisMarkdown(r)}`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[r.severity],
      severity: r.severity,
      owasp: r.owasp,
      compliance: r.compliance,
      platforms: r.platforms === 'all' ? ['all'] : r.platforms,
      dataRequirement: r.dataRequirement,
      tags: ['security', 'nhi', `owasp-${r.owasp.split(':')[0].toLowerCase()}`, ...(r.tags ?? [])],
    },
  };
}

/**
 * SARIF 2.1.0 log: tool.driver.rules lists every rule of the pack (so consumers can show rules with no result);
 * each finding is a result located by a logical location (the identity), never a file.
 */
export function toSarif(findings: readonly Finding[], pack: readonly RuleMetadata[]) {
  const rules = new Map(pack.map((r) => [r.id, r]));
  for (const f of findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, ruleFor(rules, f));
  const list = [...rules.values()];
  const index = new Map(list.map((r, n) => [r.id, n]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: PRODUCT.name,
            informationUri: PRODUCT.informationUri,
            version: productVersion(),
            semanticVersion: productVersion(),
            rules: list.map(sarifRule),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) as number,
          level: SARIF_LEVEL[f.severity],
          kind: 'fail' as const,
          message: { text: f.message },
          locations: [
            {
              logicalLocations: [
                {
                  name: f.identityId.split(':').slice(3).join(':') || f.identityId,
                  fullyQualifiedName: f.identityId,
                  kind: 'resource',
                  properties: { platform: f.platform, tenant: f.tenant },
                },
              ],
            },
          ],
          partialFingerprints: { 'stewardFindingId/v1': f.id },
          ...(f.status === 'suppressed' && f.suppression
            ? {
                suppressions: [
                  {
                    kind: 'external' as const,
                    status: 'accepted' as const,
                    justification: `${f.suppression.reason} (by ${f.suppression.by}${f.suppression.until ? `, until ${f.suppression.until}` : ''})`,
                  },
                ],
              }
            : {}),
          properties: {
            platform: f.platform,
            tenant: f.tenant,
            identityId: f.identityId,
            status: f.status,
            firstSeen: f.firstSeen,
            lastSeen: f.lastSeen,
            evidence: f.evidence,
            'security-severity': SECURITY_SEVERITY[f.severity],
          },
        })),
      },
    ],
  };
}
