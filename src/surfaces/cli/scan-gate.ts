import { BUILTIN_RULES, DECLARED_ATTRIBUTES } from '../../platforms/registry.js';
import type { StewardConfig } from '../../config/schema.js';
import {
  exportFindings,
  listFindings,
  loadRulePack,
  openFindingsBySeverity,
  severitiesAtOrAbove,
} from '../../analysis/risk/index.js';
import type { Severity, SyncRun } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { toJson } from '../../lib/output-safety.js';
import { colourSeverity } from './format.js';

type SeverityCounts = Array<{ severity: Severity; count: number }>;

/**
 * What `scan` prints on stdout for --format json|sarif, and whether --fail-on trips (open or reopened findings at
 * or above the severity, suppressed ones excluded) — the CI gate `steward scan --fail-on high --format sarif`.
 * `counts` is the open findings per severity (the summary every scan prints); `failure` says why the gate tripped.
 */
export async function scanGate(
  store: Store,
  config: StewardConfig,
  failOn: Severity | undefined,
  format: string,
  outcome: { runs: SyncRun[]; analysis: Array<{ step: string; summary: string[] }> },
): Promise<{ output: string | null; failed: boolean; failure: string | null; counts: SeverityCounts }> {
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
  const counts = await openFindingsBySeverity(store);
  const failure = failOn ? gateFailure(failOn, counts) : null;
  return { output, failed: failure !== null, failure, counts };
}

/** "--fail-on high: 15 open findings at or above high (3 critical, 12 high)", or null when the gate holds. */
export function gateFailure(failOn: Severity, counts: SeverityCounts): string | null {
  const tripping = counts.filter((c) => severitiesAtOrAbove(failOn).includes(c.severity) && c.count > 0);
  const total = tripping.reduce((a, c) => a + c.count, 0);
  if (total === 0) return null;
  const parts = tripping.map((c) => `${c.count} ${c.severity}`).join(', ');
  return `--fail-on ${failOn}: ${total} open finding${total === 1 ? '' : 's'} at or above ${failOn} (${parts}); exit 1`;
}

/** "open findings: 3 critical, 12 high, 40 medium, 7 low, 2 info" (each severity in its colour when allowed). */
export function severitySummary(counts: SeverityCounts, colour: boolean): string {
  const total = counts.reduce((a, c) => a + c.count, 0);
  const parts = counts.map((c) => {
    const text = `${c.count} ${c.severity}`;
    return colour && c.count > 0 ? colourSeverity(text, c.severity) : text;
  });
  return `open findings: ${total}${total ? ` (${parts.join(', ')})` : ''}`;
}
