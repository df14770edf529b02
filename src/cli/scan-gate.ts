import type { Store } from '../store/index.js';
import type { SyncRun } from '../model/index.js';

/**
 * What `scan` prints on stdout for --format json|sarif and whether --fail-on trips. The risk engine provides the
 * counting and SARIF rendering; until it is registered, --fail-on and sarif are refused rather than ignored.
 */
export async function scanGate(
  store: Store,
  failOn: string | undefined,
  format: string,
  outcome: { runs: SyncRun[]; analysis: Array<{ step: string; summary: string[] }> },
): Promise<{ output: string | null; failed: boolean }> {
  const output = format === 'json' ? JSON.stringify(outcome, null, 2) : null;
  void store;
  if (failOn || format === 'sarif') throw new Error('the risk engine is not available in this build');
  return { output, failed: false };
}
