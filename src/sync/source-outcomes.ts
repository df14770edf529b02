import type { SourceOutcome, StaleField, SyncRun } from '../model/index.js';
import type { SourceSpec, SourceTracker } from './sources.js';

/**
 * A run's status from its sources: failed when a required source did not complete (skipped or failed), partial when
 * any source was skipped, failed or read only in part, else succeeded. Sources a run did not read (another scope's,
 * or switched off by options) do not count.
 */
export function runStatus(
  outcomes: readonly SourceOutcome[],
): Extract<SyncRun['status'], 'succeeded' | 'partial' | 'failed'> {
  if (outcomes.some((o) => o.required && (o.status === 'skipped' || o.status === 'failed'))) return 'failed';
  if (outcomes.some((o) => o.status === 'skipped' || o.status === 'failed' || o.status === 'partial')) return 'partial';
  return 'succeeded';
}

/** nativeTypes every one of whose listing sources completed in this run: only these may have identities go gone. */
export function completeNativeTypes(specs: readonly SourceSpec[], outcomes: readonly SourceOutcome[]): string[] {
  const status = new Map(outcomes.map((o) => [o.source, o.status]));
  const listers = new Map<string, string[]>();
  for (const spec of specs)
    for (const type of spec.lists ?? []) listers.set(type, [...(listers.get(type) ?? []), spec.id]);
  return [...listers].filter(([, ids]) => ids.every((id) => status.get(id) === 'complete')).map(([type]) => type);
}

/** Every people source completed (and there is one): people it did not list may be removed. */
export function peopleComplete(specs: readonly SourceSpec[], outcomes: readonly SourceOutcome[]): boolean {
  const status = new Map(outcomes.map((o) => [o.source, o.status]));
  const people = specs.filter((s) => s.people);
  return people.length > 0 && people.every((s) => status.get(s.id) === 'complete');
}

/** Fields of an identity of `nativeType` filled by a source that has not (yet) completed in this run. */
export function staleFieldsOf(specs: readonly SourceSpec[], tracker: SourceTracker, nativeType: string): StaleField[] {
  const out: StaleField[] = [];
  for (const spec of specs) {
    if (!spec.fills?.nativeTypes.includes(nativeType) || tracker.isSwitchedOff(spec.id)) continue;
    // partial: the source answered, and the connector marked the objects whose part failed on those identities.
    const status = tracker.status(spec.id);
    if (status === 'complete' || status === 'partial') continue;
    for (const field of spec.fills.fields) out.push({ field, source: spec.id });
  }
  return out;
}
