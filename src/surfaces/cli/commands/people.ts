import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../../lib/errors.js';
import {
  formatHrError,
  HR_REQUIRED_COLUMNS,
  importHrFile,
  loadPeopleIndex,
  offboardReport,
  recomputeOwnership,
  type OffboardEntry,
  type OffboardReport,
  type UnifiedPerson,
} from '../../../analysis/ownership/index.js';
import { PLATFORMS } from '../../../platforms/registry.js';
import { cliContext, EXIT } from '../context.js';
import { ID_CELL_MAX, OUTPUT_FORMATS, render, shortDate, type OutputFormat } from '../format.js';
import { terminalText as t, toJson } from '../../../lib/output-safety.js';

const FORMATS = ['table', 'json'] as const;

function personJson(p: UnifiedPerson) {
  return {
    key: p.key,
    email: p.email,
    name: p.name,
    status: p.status,
    statusSource: p.statusSource,
    departedAt: p.departedAt,
    managerEmail: p.managerEmail,
    team: p.team,
    department: p.department,
    logins: p.logins,
    sources: p.records.map((r) => ({
      source: r.source,
      tenant: r.tenant,
      id: r.id,
      status: r.status,
      departedAt: r.departedAt,
      managerEmail: r.managerEmail,
      team: r.team,
    })),
    conflicts: p.conflicts,
  };
}

/** The people sources a user may name: HR, then every platform that feeds the directory. */
const PEOPLE_SOURCE_NAMES = ['hr', ...PLATFORMS.filter((p) => p.people).map((p) => p.id)].join(', ');

export function register(program: Command): void {
  const people = program
    .command('people')
    .description('people from HR and identity sources, joined by e-mail; HR import; offboarding');
  registerList(people);
  registerImport(people);
  registerOffboard(people);
}

function registerList(people: Command): void {
  people
    .command('list')
    .description('the unified person view (every source joined by e-mail, effective status by precedence)')
    .option('--conflicts', 'only people whose sources disagree (status, departure date, manager, team)')
    .addOption(
      new Option('--status <status>', 'only this effective status').choices(['active', 'departed', 'disabled']),
    )
    .option('--source <source>', `only people known to this source (${PEOPLE_SOURCE_NAMES})`)
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(
      async (
        opts: { conflicts?: boolean; status?: string; source?: string; format: OutputFormat },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const store = await ctx.openStore();
        try {
          let rows = (await loadPeopleIndex(store, ctx.catalogue.peopleSources)).all();
          if (opts.conflicts) rows = rows.filter((p) => p.conflicts.length > 0);
          if (opts.status) rows = rows.filter((p) => p.status === opts.status);
          if (opts.source) rows = rows.filter((p) => p.sources.includes(opts.source as string));
          if (opts.format === 'json') {
            ctx.out(toJson(rows.map(personJson)));
            return;
          }
          const columns = [
            { header: 'email', value: (p: UnifiedPerson) => p.email ?? p.key },
            { header: 'name', value: (p: UnifiedPerson) => p.name ?? '' },
            {
              header: 'status',
              value: (p: UnifiedPerson) => `${p.status}${p.sources.length > 1 ? ` (${p.statusSource})` : ''}`,
            },
            { header: 'departed', value: (p: UnifiedPerson) => (p.departedAt ? shortDate(p.departedAt) : '') },
            { header: 'manager', value: (p: UnifiedPerson) => p.managerEmail ?? '' },
            { header: 'team', value: (p: UnifiedPerson) => p.team ?? '' },
            { header: 'sources', value: (p: UnifiedPerson) => p.sources.join(',') },
          ];
          if (opts.conflicts) {
            columns.push({
              header: 'conflicts',
              value: (p: UnifiedPerson) =>
                p.conflicts
                  .map(
                    (c) =>
                      `${c.field}: ${c.values
                        .filter((v) => v.value !== null)
                        .map((v) => `${v.source}=${c.field === 'departedAt' ? shortDate(v.value) : v.value}`)
                        .join(' vs ')} → ${c.field === 'departedAt' ? shortDate(c.effective) : (c.effective ?? '-')}`,
                  )
                  .join('; '),
            });
          }
          ctx.out(render(rows, columns, opts.format));
        } finally {
          await store.close();
        }
      },
    );
}

function registerImport(people: Command): void {
  people
    .command('import')
    .description(`import an HR feed (CSV, UTF-8; columns ${HR_REQUIRED_COLUMNS.join(', ')}; see docs/ownership.md)`)
    .argument('<file>', 'CSV file')
    .option('--accept-partial', 'import the valid rows even if some rows are invalid (the invalid ones are reported)')
    .option(
      '--merge',
      'only add/update the given rows (default: the file is the whole HR population; people missing from it are marked departed)',
    )
    .option('--allow-mass-departure', 'allow a full import to mark more than 25% of previously active people departed')
    .option('--no-recompute', 'do not recompute ownership afterwards')
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('table'))
    .action(
      async (
        file: string,
        opts: {
          acceptPartial?: boolean;
          merge?: boolean;
          allowMassDeparture?: boolean;
          recompute: boolean;
          format: OutputFormat;
        },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch (error) {
          throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
        }
        const store = await ctx.openStore();
        try {
          const now = ctx.clock.now();
          const report = await importHrFile(store, bytes, {
            now,
            acceptPartial: opts.acceptPartial,
            mode: opts.merge ? 'merge' : 'full',
            allowMassDeparture: opts.allowMassDeparture,
            fileName: file,
          });
          let ownership: OwnershipRecompute | null = null;
          if (report.applied && opts.recompute)
            ownership = await recomputeOwnership(store, {
              now: now.toISOString(),
              peopleSources: ctx.catalogue.peopleSources,
            });
          if (opts.format === 'json') {
            ctx.out(toJson({ ...report, ownership }));
          } else {
            ctx.out(importReportLines(file, report, ownership).join('\n'));
          }
          if (!report.applied) process.exitCode = EXIT.usage;
        } finally {
          await store.close();
        }
      },
    );
}

type ImportReport = Awaited<ReturnType<typeof importHrFile>>;
type OwnershipRecompute = Awaited<ReturnType<typeof recomputeOwnership>>;

/**
 * The text form of an HR import's outcome: warnings, row problems, then what was applied (or why not). The HR
 * file's text (column names, cell values in problems, e-mails) is escaped by `t` (src/lib/output-safety.ts).
 */
function importReportLines(path: string, report: ImportReport, ownership: OwnershipRecompute | null): string[] {
  const lines: string[] = [];
  const file = t(path);
  for (const w of report.warnings) lines.push(`warning: ${t(w)}`);
  if (report.errors.length) {
    lines.push(`${report.errors.length} problem${report.errors.length === 1 ? '' : 's'} in ${file}:`);
    for (const e of report.errors) lines.push(`  ${t(formatHrError(e))}`);
  }
  if (!report.applied) return [...lines, `nothing imported: ${t(report.blockedBy)}`];
  lines.push(
    `imported ${report.imported} of ${report.rows} rows from ${file} (${report.mode})${report.rejected ? `; ${report.rejected} rejected` : ''}`,
  );
  if (report.markedDeparted.length)
    lines.push(
      `${report.markedDeparted.length} people missing from the file marked departed: ${report.markedDeparted.map(t).join(', ')}`,
    );
  if (ownership)
    lines.push(
      `ownership recomputed: ${ownership.owned} of ${ownership.identities} identities owned, ${ownership.orphans} orphaned`,
    );
  return lines;
}

/** One CSV of both lists: each row says whether the person owns the identity or is only a candidate. */
function offboardCsv(r: OffboardReport): string {
  const rows = [
    ...r.owned.map((e) => ({ e, relation: 'owner' })),
    ...r.candidateOnly.map((e) => ({ e, relation: 'candidate' })),
  ];
  return render(
    rows,
    [
      { header: 'relation', value: (x) => x.relation },
      { header: 'name', value: (x) => x.e.name },
      { header: 'kind', value: (x) => x.e.kind },
      { header: 'id', value: (x) => x.e.identityId },
      { header: 'via', value: (x) => x.e.sources.join(',') },
      { header: 'current owner', value: (x) => x.e.currentOwner },
      {
        header: 'suggested new owner',
        value: (x) => x.e.suggestion?.email ?? (x.e.suggestion?.team ? `team:${x.e.suggestion.team}` : null),
      },
    ],
    'csv',
  );
}

function registerOffboard(people: Command): void {
  people
    .command('offboard')
    .description('every NHI a person owns (with a suggested new owner) and every NHI where they are a candidate')
    .argument('<email>')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(async (email: string, opts: { format: OutputFormat }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const r = await offboardReport(store, email, await loadPeopleIndex(store, ctx.catalogue.peopleSources));
        if (opts.format === 'json') {
          ctx.out(toJson(r));
          return;
        }
        if (opts.format === 'csv') {
          ctx.out(offboardCsv(r));
          return;
        }
        // The person's fields come from HR and the IdPs: escaped by `t` (src/lib/output-safety.ts).
        const who = r.person
          ? `${t(r.email)}${r.person.name ? ` (${t(r.person.name)})` : ''}: ${t(r.person.status)}${r.person.departedAt ? ` since ${t(shortDate(r.person.departedAt))}` : ''}; manager ${t(r.person.managerEmail ?? '-')}; team ${t(r.person.team ?? '-')}; sources ${t(r.person.sources.join(','))}`
          : `${t(r.email)}: not known to any people source`;
        const cols = [
          { header: 'id', value: (e: OffboardEntry) => e.identityId, maxWidth: ID_CELL_MAX },
          { header: 'kind', value: (e: OffboardEntry) => e.kind },
          { header: 'name', value: (e: OffboardEntry) => e.name },
          { header: 'via', value: (e: OffboardEntry) => e.sources.join(',') },
        ];
        ctx.out(
          [
            who,
            '',
            `owns ${r.owned.length} identit${r.owned.length === 1 ? 'y' : 'ies'}:`,
            render(
              r.owned,
              [
                ...cols,
                {
                  header: 'suggested new owner',
                  value: (e) =>
                    e.suggestion
                      ? `${e.suggestion.email ?? `team:${e.suggestion.team}`} (${e.suggestion.reason})`
                      : '(none: assign one)',
                },
              ],
              'table',
            ),
            '',
            `candidate only (someone else is the chosen owner) on ${r.candidateOnly.length}:`,
            render(r.candidateOnly, [...cols, { header: 'current owner', value: (e) => e.currentOwner }], 'table'),
          ].join('\n'),
        );
      } finally {
        await store.close();
      }
    });
}
