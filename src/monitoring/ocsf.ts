import { DETECTION_FINDING, OCSF_VERSION, productVersion } from '../analysis/risk/formats/index.js';
import { OWASP_NHI_TOP10 } from '../analysis/risk/types.js';
import type { Severity } from '../model/index.js';
import type { DetectionRule } from './detection.js';
import type { Detection } from './detections-store.js';

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/**
 * Detections as OCSF Detection Findings (class 2004), like the posture findings' export
 * (src/analysis/risk/formats/ocsf.ts): the actor is the affected resource, its events' ids are the evidence.
 */
export function detectionsToOcsf(detections: readonly Detection[], rules: readonly DetectionRule[]) {
  const byId = new Map(rules.map((r) => [r.meta.id, r.meta]));
  return detections.map((d) => {
    const meta = byId.get(d.ruleId);
    const sev = SEVERITY_ID[d.severity];
    const created = d.eventCount === 1;
    return {
      activity_id: created ? 1 : 2,
      activity_name: created ? 'Create' : 'Update',
      category_uid: DETECTION_FINDING.category_uid,
      category_name: DETECTION_FINDING.category_name,
      class_uid: DETECTION_FINDING.class_uid,
      class_name: DETECTION_FINDING.class_name,
      type_uid: DETECTION_FINDING.class_uid * 100 + (created ? 1 : 2),
      type_name: `${DETECTION_FINDING.class_name}: ${created ? 'Create' : 'Update'}`,
      severity_id: sev.id,
      severity: sev.name,
      status_id: 1,
      status: 'New',
      time: Date.parse(d.lastEventAt),
      message: d.message,
      is_alert: true,
      metadata: {
        product: { name: 'Steward', vendor_name: 'Steward', version: productVersion() },
        version: OCSF_VERSION,
        uid: d.id,
        tenant_uid: d.tenant,
        log_name: 'detections',
      },
      finding_info: {
        uid: d.id,
        title: d.title,
        desc: meta?.description ?? d.title,
        types: meta ? [`${meta.owasp} ${OWASP_NHI_TOP10[meta.owasp]}`] : [],
        first_seen_time: Date.parse(d.firstEventAt),
        last_seen_time: Date.parse(d.lastEventAt),
        analytic: { uid: d.ruleId, name: d.ruleId, type_id: 1, type: 'Rule', desc: d.title },
      },
      resources: [
        {
          uid: d.identityId ?? d.actor,
          name: d.actor,
          type: d.identityId ? 'identity' : 'principal',
          labels: [`platform:${d.platform}`, `tenant:${d.tenant}`],
        },
      ],
      evidences: [{ data: { event_ids: d.eventIds, event_count: d.eventCount, subject: d.subject } }],
      remediation: { desc: meta?.remediation ?? d.title },
      unmapped: { steward_rule_id: d.ruleId, steward_resolved: d.identityId !== null },
    };
  });
}
