import type { Finding } from '../../../model/index.js';
import { toJson } from '../../../lib/output-safety.js';
import type { RuleMetadata } from '../types.js';
import { toOcsf } from './ocsf.js';
import { toSarif } from './sarif.js';

export { toSarif, SECURITY_SEVERITY, SARIF_LEVEL } from './sarif.js';
export { toOcsf, OCSF_VERSION, DETECTION_FINDING } from './ocsf.js';
export { productVersion } from './product.js';

export const FINDING_EXPORT_FORMATS = ['sarif', 'ocsf'] as const;
export type FindingExportFormat = (typeof FINDING_EXPORT_FORMATS)[number];

/** SARIF 2.1.0 log or OCSF Detection Finding array, as JSON text (through the output-safety layer: NUL removed). */
export function exportFindings(
  findings: readonly Finding[],
  pack: readonly RuleMetadata[],
  format: FindingExportFormat,
): string {
  return toJson(format === 'sarif' ? toSarif(findings, pack) : toOcsf(findings, pack));
}
