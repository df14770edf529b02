import type { Command } from 'commander';
import { Option } from 'commander';
import { IDENTITY_KINDS } from '../../../model/index.js';
import { UserError } from '../../../lib/errors.js';
import {
  assignOwner,
  getOwnership,
  listOwnership,
  loadPeopleIndex,
  nhiRatioText,
  ownershipSummary,
  selectIdentityIds,
  unassignOwner,
  type OwnershipFilter,
  type OwnershipRow,
  type OwnershipSummary,
} from '../../../analysis/ownership/index.js';
import type { Store } from '../../../store/index.js';
import { type CliContext, cliContext } from '../context.js';
import { ID_CELL_MAX, MISSING, OUTPUT_FORMATS, render, shortDate, type OutputFormat } from '../format.js';
import { terminalText as t, toJson } from '../../../lib/output-safety.js';
import { limitOption, platformOption } from '../options.js';

const ownerLabel = (r: Pick<OwnershipRow, 'ownerEmail' | 'ownerTeam' | 'ownerPersonId' | 'ownerLogin'>) =>
  r.ownerEmail ??
  (r.ownerPersonId
    ? r.ownerLogin
      ? `login:${r.ownerLogin}`
      : r.ownerPersonId
    : r.ownerTeam
      ? `team:${r.ownerTeam}`
      : null);
const suggestionLabel = (r: OwnershipRow) => (r.suggestion ? (r.suggestion.email ?? `team:${r.suggestion.team}`) : '');
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

interface FilterOpts {
  platform?: string;
  tenant?: string;
  kind?: string;
  orphans?: boolean;
  owner?: string;
  team?: string;
  text?: string;
}

function filterFrom(opts: FilterOpts, ids?: string[]): OwnershipFilter {
  return {
    platform: opts.platform,
    tenant: opts.tenant,
    kind: opts.kind,
    orphans: opts.orphans,
    ownerEmail: opts.owner,
    ownerTeam: opts.team,
    text: opts.text,
    ids: ids?.length ? ids : undefined,
  };
}

function withFilterOptions(cmd: Command, teamFilter = true): Command {
  cmd
    .addOption(platformOption('only this platform'))
    .option('--tenant <name>', 'only this tenant (NAME or PLATFORM:NAME)')
    .addOption(new Option('--kind <kind>', 'only this kind').choices([...IDENTITY_KINDS]))
    .option('--orphans', 'only orphans (no owner, or the owner departed / is disabled)')
    .option('--owner <email>', 'only identities owned by this e-mail');
  if (teamFilter) cmd.option('--team <team>', 'only identities owned by this team');
  return cmd.option('--text <text>', 'name or id contains (case-insensitive)');
}

function renderSummary(s: OwnershipSummary, format: OutputFormat): string {
  if (format === 'json') return toJson(s);
  const rows = [
    ...s.tenants.map((t) => ({ scope: `${t.platform}:${t.tenant}`, ...t })),
    { scope: 'overall', ...s.overall },
  ];
  const table = render(
    rows,
    [
      { header: 'scope', value: (r) => r.scope },
      { header: 'identities', value: (r) => r.identities },
      { header: 'owned', value: (r) => r.owned },
      { header: 'owned %', value: (r) => pct(r.ownedShare) },
      { header: 'orphans', value: (r) => r.orphans },
      { header: 'owner unverified', value: (r) => r.ownerUnverified },
      { header: 'no owner', value: (r) => r.noOwner },
      { header: 'owner departed', value: (r) => r.ownerDeparted },
      { header: 'owner disabled', value: (r) => r.ownerDisabled },
      { header: 'active people', value: (r) => r.activePeople },
      { header: 'NHI:human', value: (r) => (r.nhiPerPerson === null ? null : nhiRatioText(r.nhiPerPerson)) },
    ],
    format,
  );
  if (format === 'csv') return table;
  const notComputed = s.overall.notComputed
    ? `\n${s.overall.notComputed} identities have not been through ownership analysis yet (run \`steward scan\`).`
    : '';
  return `${table}\npeople${s.people.basis === 'authoritative' ? ' (known to HR or an IdP)' : ''}: ${s.people.active} active, ${s.people.departed} departed, ${s.people.disabled} disabled, ${s.people.withConflicts} with conflicting sources${notComputed}`;
}

export function register(program: Command): void {
  const owners = program
    .command('owners')
    .description('who owns each non-human identity: attribution, orphans, manual assignment');
  registerList(owners);
  registerStats(owners);
  registerShow(owners);
  registerAssign(owners);
  registerUnassign(owners);
}

function registerList(owners: Command): void {
  withFilterOptions(
    owners.command('list').description('list owners with provenance (source, confidence) and orphan status'),
  )
    .option('--summary', 'print the ownership summary (owned share, orphans, NHI:human ratio) instead of rows')
    .addOption(limitOption('identities, in id order'))
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(
      async (opts: FilterOpts & { summary?: boolean; limit?: number; format: OutputFormat }, command: Command) => {
        const ctx = cliContext(command);
        const store = await ctx.openStore();
        try {
          if (opts.summary) {
            ctx.out(
              renderSummary(
                await ownershipSummary(store, await loadPeopleIndex(store, ctx.catalogue.peopleSources)),
                opts.format,
              ),
            );
            return;
          }
          const rows = await listOwnership(store, filterFrom(opts), opts.limit);
          ctx.out(
            render(
              rows,
              [
                { header: 'name', value: (r) => r.name, minWidth: 12, priority: 9 },
                { header: 'kind', value: (r) => r.kind, priority: 4 },
                {
                  header: 'owner',
                  value: (r) => (r.computed ? ownerLabel(r) : '(not analysed)'),
                  minWidth: 10,
                  priority: 8,
                },
                { header: 'team', value: (r) => r.ownerTeam ?? '', priority: 3 },
                { header: 'source', value: (r) => r.source ?? '', priority: 2 },
                {
                  header: 'confidence',
                  value: (r) => (r.confidence === null ? '' : r.confidence.toFixed(2)),
                  priority: 1,
                },
                { header: 'owner status', value: (r) => r.ownerStatus ?? '', priority: 5 },
                { header: 'orphan', value: (r) => r.orphanReason ?? '', priority: 6 },
                { header: 'id', value: (r) => r.identityId, maxWidth: ID_CELL_MAX, priority: 7 },
                { header: 'suggested owner', value: suggestionLabel, minWidth: 10, priority: 4 },
              ],
              opts.format,
            ),
          );
        } finally {
          await store.close();
        }
      },
    );
}

function registerStats(owners: Command): void {
  owners
    .command('stats')
    .description('owned share, orphan counts and the NHI:human ratio per tenant and overall')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(async (opts: { format: OutputFormat }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        ctx.out(
          renderSummary(
            await ownershipSummary(store, await loadPeopleIndex(store, ctx.catalogue.peopleSources)),
            opts.format,
          ),
        );
      } finally {
        await store.close();
      }
    });
}

function registerShow(owners: Command): void {
  owners
    .command('show')
    .description('the chosen owner of one identity and every candidate with its provenance')
    .argument('<identity-id>')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (id: string, opts: { format: OutputFormat }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const d = await getOwnership(store, id);
        if (!d) throw new UserError(`no identity ${id} in the store (list ids with \`steward owners list\`)`);
        if (opts.format === 'json') {
          ctx.out(toJson(d));
          return;
        }
        // Every field below may come from a vendor or an HR file: escaped by `t` (src/lib/output-safety.ts).
        const lines = [
          `identity:  ${t(d.identityId)} (${t(d.kind)}, ${t(d.name)})`,
          `owner:     ${d.computed ? t(ownerLabel(d) ?? MISSING) : '(not analysed yet: run `steward scan`)'}${d.ownerTeam && d.ownerEmail ? ` (team ${t(d.ownerTeam)})` : ''}`,
          `source:    ${t(d.source ?? '-')}${d.confidence === null ? '' : ` (confidence ${d.confidence.toFixed(2)})`}`,
          `status:    ${t(d.ownerStatus ?? (d.ownerTeam && !d.ownerEmail ? 'team' : 'unknown'))}`,
          `orphan:    ${t(d.orphanReason ?? 'no')}`,
        ];
        if (d.suggestion)
          lines.push(
            `suggested: ${t(d.suggestion.email ?? `team:${d.suggestion.team}`)} — ${t(d.suggestion.reason)} (not applied; use \`steward owners assign\`)`,
          );
        if (d.manual)
          lines.push(
            `manual:    ${t(d.manual.email ?? `team:${d.manual.team}`)} by ${t(d.manual.assignedBy)} at ${shortDate(d.manual.assignedAt)}${d.manual.note ? ` (${t(d.manual.note)})` : ''}`,
          );
        lines.push('', 'candidates (best first):');
        lines.push(
          render(
            d.candidates,
            [
              { header: 'candidate', value: (c) => c.email ?? (c.team ? `team:${c.team}` : `${c.refType}:${c.ref}`) },
              { header: 'source', value: (c) => c.source },
              { header: 'confidence', value: (c) => c.confidence.toFixed(2) },
              { header: 'status', value: (c) => (c.team ? 'team' : (c.status ?? (c.resolved ? '' : 'unresolved'))) },
              { header: 'eligible', value: (c) => (c.eligible ? 'yes' : 'no') },
              { header: 'evidence', value: (c) => c.evidence },
            ],
            'table',
          ),
        );
        ctx.out(lines.join('\n'));
      } finally {
        await store.close();
      }
    });
}

function registerAssign(owners: Command): void {
  withFilterOptions(
    owners
      .command('assign')
      .description('assign an owner manually (always wins over vendor evidence); by id(s) or by filter')
      .argument('[identity-ids...]'),
    false,
  )
    .option('--email <email>', 'owner e-mail to assign')
    .option('--team <team>', 'owning team to assign')
    .requiredOption('--by <who>', 'who is making the assignment (recorded)')
    .option('--note <text>', 'why (recorded)')
    .option('--force', 'assign even to a person who has departed or is disabled')
    .action(
      async (
        ids: string[],
        opts: FilterOpts & { email?: string; by: string; note?: string; force?: boolean },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        // In `assign`, --team names the team to assign; filtering by owning team is not offered here.
        const assignTeam = opts.team;
        const filter = filterFrom({ ...opts, team: undefined }, ids);
        if (!opts.email && !assignTeam) throw new UserError('say who owns it: --email <email> and/or --team <team>');
        if (opts.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(opts.email))
          throw new UserError(`--email ${opts.email} is not an e-mail address`);
        if (ids.length === 0 && !hasFilter(filter))
          throw new UserError(
            'name the identities: one or more ids, or a filter (--platform, --tenant, --kind, --orphans, --owner, --text)',
          );
        const store = await ctx.openStore();
        try {
          if (opts.email) await checkAssignee(store, ctx, opts.email, opts.force);
          const selected = await selectIdentityIds(store, filter);
          const missing = ids.filter((id) => !selected.includes(id));
          if (missing.length)
            throw new UserError(`no such identit${missing.length === 1 ? 'y' : 'ies'}: ${missing.join(', ')}`);
          if (selected.length === 0) throw new UserError('the filter matches no identities; nothing assigned');
          const n = await assignOwner(store, {
            ids: selected,
            email: opts.email ?? null,
            team: assignTeam ?? null,
            by: opts.by,
            note: opts.note ?? null,
            now: ctx.clock.now().toISOString(),
            peopleSources: ctx.catalogue.peopleSources,
          });
          ctx.out(
            `assigned ${t(opts.email ?? '')}${opts.email && assignTeam ? ' / ' : ''}${assignTeam ? `team:${t(assignTeam)}` : ''} as owner of ${n} identit${n === 1 ? 'y' : 'ies'} (ownership recomputed)`,
          );
        } finally {
          await store.close();
        }
      },
    );
}

const hasFilter = (f: OwnershipFilter): boolean =>
  !!(f.platform || f.tenant || f.kind || f.orphans || f.ownerEmail || f.text);

/** A departed or disabled assignee is refused unless forced; an unknown one is assigned with a warning. */
async function checkAssignee(store: Store, ctx: CliContext, email: string, force: boolean | undefined): Promise<void> {
  const person = (await loadPeopleIndex(store, ctx.catalogue.peopleSources)).byEmailAddress(email);
  if (person && person.status !== 'active' && !force) {
    throw new UserError(
      `${email} is ${person.status} (per ${person.statusSource}); assigning them would leave the identities orphaned. Use --force to do it anyway.`,
    );
  }
  if (!person)
    process.stderr.write(
      `steward: warning: ${t(email)} is not known to any people source (HR, IdP); assigning anyway\n`,
    );
}

function registerUnassign(owners: Command): void {
  withFilterOptions(
    owners
      .command('unassign')
      .description('remove manual assignments; ownership falls back to vendor evidence')
      .argument('[identity-ids...]'),
  ).action(async (ids: string[], opts: FilterOpts, command: Command) => {
    const ctx = cliContext(command);
    const filter = filterFrom(opts, ids);
    const hasFilter =
      ids.length > 0 ||
      filter.platform ||
      filter.tenant ||
      filter.kind ||
      filter.orphans ||
      filter.ownerEmail ||
      filter.ownerTeam ||
      filter.text;
    if (!hasFilter) throw new UserError('name the identities: one or more ids, or a filter');
    const store = await ctx.openStore();
    try {
      const selected = await selectIdentityIds(store, filter);
      if (selected.length === 0) throw new UserError('no identities match; nothing unassigned');
      const removed = await unassignOwner(store, selected, ctx.clock.now().toISOString(), ctx.catalogue.peopleSources);
      ctx.out(
        `removed ${removed} manual assignment${removed === 1 ? '' : 's'} (${selected.length} identit${selected.length === 1 ? 'y' : 'ies'} recomputed)`,
      );
    } finally {
      await store.close();
    }
  });
}
