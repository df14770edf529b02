import { Listr } from 'listr2';
import type { SyncRun } from '../../model/index.js';
import { jobLabel, type SyncEvent, type TenantJob } from '../../sync/engine.js';
import { terminalText } from '../../lib/output-safety.js';

/** `platform:tenant`, or `platform:tenant#scope` for one part of a split tenant (each has its own line). */
const label = (job: TenantJob) => terminalText(jobLabel(job));
/** A run's errors (vendor API messages among them) as one escaped line. */
const errorText = (run: SyncRun) => terminalText(run.errors.join('; '));

export function describeRun(run: SyncRun): string {
  const c = run.counts;
  const what = `${c.identities} identities, ${c.credentials} credentials, ${c.permissions} permissions, ${c.people} people`;
  const unchanged = run.notModified ? ` (${run.notModified} unchanged: 304)` : '';
  const cost = `${run.apiCalls} API calls${unchanged}, ${run.pages} pages, ${run.retries} retries`;
  const gone = c.removed ? `, ${c.removed} gone` : '';
  const quarantined = c.quarantined ? `, ${c.quarantined} quarantined` : '';
  const incomplete = run.sources.filter((s) => s.status !== 'complete' && s.status !== 'not-run');
  const sources = incomplete.length
    ? `; sources not complete: ${incomplete.map((s) => `${s.source} ${s.status}`).join(', ')}`
    : '';
  return `${run.status} (${run.mode}): ${what}${gone}${quarantined}; ${cost}${sources}`;
}

/**
 * Shows one progress line per connector: a live task tree on a terminal (listr2), plain lines otherwise
 * (CI logs). `work(onEvent)` runs the scan and feeds events in.
 */
export async function withProgress(
  jobs: TenantJob[],
  work: (onEvent: (e: SyncEvent) => void) => Promise<SyncRun[]>,
  options: { tty: boolean; write: (line: string) => void },
): Promise<SyncRun[]> {
  if (!options.tty) {
    return work((e) => {
      if (e.type === 'start') options.write(`scan ${label(e.job)}: started`);
      else if (e.type === 'done')
        options.write(
          `scan ${label(e.job)}: ${describeRun(e.run)}${e.run.errors.length ? ` — ${errorText(e.run)}` : ''}`,
        );
    });
  }
  type Slot = { title: (t: string) => void; resolve: (run: SyncRun) => void };
  const slots = new Map<string, Slot>();
  const pending = new Map<string, SyncEvent[]>();
  const deliver = (key: string, e: SyncEvent) => {
    const slot = slots.get(key);
    if (!slot) return void pending.set(key, [...(pending.get(key) ?? []), e]);
    if (e.type === 'progress') slot.title(`${key}: ${e.counts.identities} identities, ${e.apiCalls} API calls`);
    if (e.type === 'done') slot.resolve(e.run);
  };
  const list = new Listr(
    jobs.map((job) => ({
      title: `${label(job)}: waiting`,
      task: (_ctx: unknown, task: { title: string }) =>
        new Promise<void>((resolve, reject) => {
          const key = label(job);
          slots.set(key, {
            title: (t) => (task.title = t),
            resolve: (run) => {
              task.title = `${key}: ${describeRun(run)}`;
              // A partial run stored all it could read; what it could not read is in its title and `runs show`.
              if (run.status === 'succeeded' || run.status === 'partial') resolve();
              else reject(new Error(errorText(run) || run.status));
            },
          });
          for (const e of pending.get(key) ?? []) deliver(key, e);
        }),
    })),
    { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } },
  );
  const shown = list.run().catch(() => undefined);
  const runs = await work((e) => deliver(label(e.job), e));
  await shown;
  return runs;
}
