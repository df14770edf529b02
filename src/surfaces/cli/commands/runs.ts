import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { terminalBlock } from '../../../lib/output-safety.js';
import type { SourceOutcome, SourceProblem, SyncRun } from '../../../model/index.js';
import { getSyncRun, listQuarantined, listSyncRuns, runChanges, type Store } from '../../../store/index.js';
import { problemLine } from '../../../sync/failure.js';
import { cliContext } from '../context.js';
import { OUTPUT_FORMATS, render, timeCell, type OutputFormat } from '../format.js';
import { limitOption, platformOption } from '../options.js';

export function register(program: Command): void {
  const runs = program
    .command('runs')
    .description('sync history: one row per connector run with status, counts and API cost; `runs show RUN` for one')
    .addOption(platformOption('filter by platform'))
    .option('--tenant <name>', 'filter by tenant (NAME or PLATFORM:NAME)')
    .addOption(limitOption('runs, newest first').default(20))
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(
      async (opts: { platform?: string; tenant?: string; limit: number; format: OutputFormat }, command: Command) => {
        const ctx = cliContext(command);
        const store = await ctx.openStore();
        try {
          ctx.out(render(await listSyncRuns(store, opts), RUN_COLUMNS, opts.format));
        } finally {
          await store.close();
        }
      },
    );
  runs
    .command('show <run>')
    .description(
      'one run: every source with its outcome (endpoint, HTTP status, permission to grant), quarantined records, what appeared and what went',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (runId: string, opts: { format: 'text' | 'json' }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const details = await runDetails(store, runId);
        ctx.out(opts.format === 'json' ? JSON.stringify(details, null, 2) : showRun(details));
      } finally {
        await store.close();
      }
    });
}

const seconds = (r: SyncRun) =>
  r.finishedAt ? ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1) : null;

const RUN_COLUMNS = [
  { header: 'run', value: (r: SyncRun) => r.id },
  { header: 'started', value: (r: SyncRun) => timeCell(r.startedAt) },
  { header: 'platform:tenant', value: (r: SyncRun) => `${r.platform}:${r.tenant}${r.scope ? `#${r.scope}` : ''}` },
  { header: 'status', value: (r: SyncRun) => r.status },
  { header: 'mode', value: (r: SyncRun) => r.mode },
  { header: 'identities', value: (r: SyncRun) => r.counts.identities },
  { header: 'new', value: (r: SyncRun) => r.counts.appeared ?? 0 },
  { header: 'gone', value: (r: SyncRun) => r.counts.removed },
  { header: 'sources', value: (r: SyncRun) => sourcesCell(r.sources) },
  { header: 'api calls', value: (r: SyncRun) => r.apiCalls },
  { header: 'seconds', value: seconds },
  { header: 'error', value: (r: SyncRun) => r.errors.join('; '), maxWidth: 120 },
];

/** '9/11 complete, 1 skipped, 1 failed' */
function sourcesCell(sources: readonly SourceOutcome[]): string | null {
  const ran = sources.filter((s) => s.status !== 'not-run');
  if (ran.length === 0) return null;
  const by = (status: string) => ran.filter((s) => s.status === status).length;
  const others = (['partial', 'skipped', 'failed'] as const).filter((s) => by(s) > 0).map((s) => `${by(s)} ${s}`);
  return [`${by('complete')}/${ran.length} complete`, ...others].join(', ');
}

async function runDetails(store: Store, runId: string) {
  const run = await getSyncRun(store, runId);
  if (!run) throw new UserError(`no run "${runId}" in this store (see \`steward runs\` for run ids)`);
  const [changes, quarantined] = await Promise.all([runChanges(store, run), listQuarantined(store, run.id)]);
  return { run, ...changes, quarantined };
}

function problemText(problem: SourceProblem | null): string {
  return problem ? problemLine(problem) : '';
}

function showRun(details: Awaited<ReturnType<typeof runDetails>>): string {
  const { run } = details;
  const lines = [
    `run ${run.id}: ${run.platform}:${run.tenant}${run.scope ? `#${run.scope}` : ''} ${run.status} (${run.mode})`,
    `started ${run.startedAt}, finished ${run.finishedAt ?? '-'}; ${run.apiCalls} API calls, ${run.retries} retries`,
    `identities ${run.counts.identities}, new ${run.counts.appeared ?? 0}, gone ${run.counts.removed}, quarantined ${run.counts.quarantined ?? 0}`,
    ...run.errors.map((e) => `error: ${e}`),
    '',
    'sources:',
    render(
      run.sources,
      [
        { header: 'source', value: (s) => s.source },
        { header: 'required', value: (s) => (s.required ? 'yes' : 'no') },
        { header: 'status', value: (s) => s.status },
        { header: 'items', value: (s) => s.items },
        { header: 'objects failed', value: (s) => s.objectsFailed },
        { header: 'quarantined', value: (s) => s.quarantined },
        { header: 'why', value: (s) => problemText(s.problem), maxWidth: 160 },
      ],
      'table',
    ),
  ];
  const objects = run.sources.flatMap((s) => s.objects.map((o) => `  ${s.source}: ${problemLine(o)}`));
  if (objects.length) lines.push('', 'objects whose part could not be read (first 20 per source):', ...objects);
  if (details.quarantined.length)
    lines.push(
      '',
      'quarantined records:',
      ...details.quarantined.map((q) => `  ${q.source} ${q.nativeId ?? '(no id)'}: ${q.reason}`),
    );
  lines.push(
    '',
    `appeared (${details.appeared.length}):`,
    ...details.appeared.map((c) => `  + ${c.nativeType} ${c.name} (${c.id})`),
  );
  lines.push(`gone (${details.gone.length}):`, ...details.gone.map((c) => `  - ${c.nativeType} ${c.name} (${c.id})`));
  return terminalBlock(lines.join('\n'));
}
