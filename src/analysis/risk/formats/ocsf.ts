import type { Finding, Severity } from '../../../model/index.js';
import { OWASP_NHI_TOP10, type RuleMetadata } from '../types.js';
import { PRODUCT, productVersion, ruleFor } from './product.js';

/** OCSF schema version the export follows. */
export const OCSF_VERSION = '1.5.0';
export const DETECTION_FINDING = {
  class_uid: 2004,
  class_name: 'Detection Finding',
  category_uid: 2,
  category_name: 'Findings',
} as const;

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};
/** Finding status_id: 1 New, 2 In Progress, 3 Suppressed, 4 Resolved. */
const STATUS_ID: Record<Finding['status'], { id: number; name: string }> = {
  open: { id: 1, name: 'New' },
  reopened: { id: 1, name: 'New' },
  suppressed: { id: 3, name: 'Suppressed' },
  resolved: { id: 4, name: 'Resolved' },
};

const ms = (iso: string | null): number | undefined => (iso ? Date.parse(iso) : undefined);

/**
 * One OCSF Detection Finding (class 2004) per finding. activity: Create (first sighting), Update (seen again or
 * reopened), Close (resolved). The identity is the affected resource; evidence entries go to `evidences[].data`.
 */
export function toOcsf(findings: readonly Finding[], pack: readonly RuleMetadata[]) {
  const rules = new Map(pack.map((r) => [r.id, r]));
  return findings.map((f) => {
    const rule = ruleFor(rules, f);
    const activity =
      f.status === 'resolved'
        ? { id: 3, name: 'Close' }
        : f.firstSeen === f.lastSeen && f.status === 'open'
          ? { id: 1, name: 'Create' }
          : { id: 2, name: 'Update' };
    const sev = SEVERITY_ID[f.severity];
    const status = STATUS_ID[f.status];
    const kind = f.identityId.split(':')[2] ?? 'identity';
    return {
      activity_id: activity.id,
      activity_name: activity.name,
      category_uid: DETECTION_FINDING.category_uid,
      category_name: DETECTION_FINDING.category_name,
      class_uid: DETECTION_FINDING.class_uid,
      class_name: DETECTION_FINDING.class_name,
      type_uid: DETECTION_FINDING.class_uid * 100 + activity.id,
      type_name: `${DETECTION_FINDING.class_name}: ${activity.name}`,
      severity_id: sev.id,
      severity: sev.name,
      status_id: status.id,
      status: status.name,
      ...(f.status === 'reopened' ? { status_detail: 'reopened' } : {}),
      time: ms(f.status === 'resolved' ? (f.resolvedAt ?? f.lastSeen) : f.lastSeen) as number,
      message: f.message,
      is_alert: f.status === 'open' || f.status === 'reopened',
      confidence_id: 3,
      confidence: 'High',
      metadata: {
        product: {
          name: PRODUCT.name,
          vendor_name: PRODUCT.vendor,
          version: productVersion(),
          url_string: PRODUCT.informationUri,
        },
        version: OCSF_VERSION,
        uid: f.id,
        tenant_uid: f.tenant,
        log_name: 'findings',
      },
      finding_info: {
        uid: f.id,
        title: rule.title,
        desc: rule.description,
        types: [`${rule.owasp} ${OWASP_NHI_TOP10[rule.owasp]}`, ...rule.compliance],
        first_seen_time: ms(f.firstSeen) as number,
        last_seen_time: ms(f.lastSeen) as number,
        analytic: { uid: rule.id, name: rule.id, type_id: 1, type: 'Rule', category: rule.owasp, desc: rule.title },
      },
      resources: [
        {
          uid: f.identityId,
          name: f.identityId.split(':').slice(3).join(':') || f.identityId,
          type: kind,
          labels: [`platform:${f.platform}`, `tenant:${f.tenant}`],
          data: { platform: f.platform, tenant: f.tenant },
        },
      ],
      evidences: f.evidence.map((e) => ({ data: { field: e.field, value: e.value, source: e.source } })),
      remediation: { desc: rule.remediation || rule.title },
      unmapped: {
        steward_rule_id: f.ruleId,
        steward_status: f.status,
        ...(f.suppression ? { suppression: f.suppression } : {}),
        ...(f.resolvedAt ? { resolved_at: f.resolvedAt } : {}),
      },
    };
  });
}
