import { BUILTIN_RULES, DECLARED_ATTRIBUTES } from '../../platforms/registry.js';
import type { StewardConfig } from '../../config/schema.js';
import { countOpenFindingsAtOrAbove, exportFindings, listFindings, loadRulePack } from '../../analysis/risk/index.js';
import type { Severity, SyncRun } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { toJson } from '../../lib/output-safety.js';

/**
 * What `scan` prints on stdout for --format json|sarif, and whether --fail-on trips (open or reopened findings at
 * or above the severity, suppressed ones excluded) — the CI gate `steward scan --fail-on high --format sarif`.
 */
export async function scanGate(
  store: Store,
  config: StewardConfig,
  failOn: Severity | undefined,
  format: string,
  outcome: { runs: SyncRun[]; analysis: Array<{ step: string; summary: string[] }> },
): Promise<{ output: string | null; failed: boolean }> {
  let output: string | null = null;
  if (format === 'json') output = toJson(outcome);
  if (format === 'sarif') {
    const findings = await listFindings(store);
    output = exportFindings(
      findings,
      loadRulePack(config, BUILTIN_RULES, DECLARED_ATTRIBUTES).all.map((r) => r.meta),
      'sarif',
    );
  }
  const failed = failOn ? (await countOpenFindingsAtOrAbove(store, failOn)) > 0 : false;
  return { output, failed };
}
