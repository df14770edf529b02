import type { Command } from 'commander';
import { Option } from 'commander';
import { IDENTITY_KINDS } from '../../../model/index.js';
import { collectBatches, iterateIdentityViews, type IdentityView } from '../../../store/index.js';
import { cliContext } from '../context.js';
import { ID_CELL_MAX, OUTPUT_FORMATS, render, dateCell, type OutputFormat } from '../format.js';
import { limitOption, platformOption } from '../options.js';

/** e-mail, else team, else the person's login (a person without an e-mail), else their person id. */
export const ownerLabel = (v: IdentityView): string | null => {
  const o = v.owner;
  if (!o) return null;
  if (o.email) return o.email;
  if (o.team) return `team:${o.team}`;
  if (o.login) return `login:${o.login}`;
  return o.personId;
};

export function register(program: Command): void {
  program
    .command('inventory')
    .description('list discovered non-human identities')
    .addOption(platformOption('filter by platform'))
    .option('--tenant <name>', 'filter by tenant (NAME or PLATFORM:NAME)')
    .addOption(new Option('--kind <kind>', 'filter by kind').choices([...IDENTITY_KINDS]))
    .option('--owner <email|team|none>', "filter by owner (substring), or 'none' for identities without one")
    .option('--text <text>', 'filter by name or id (substring, case-insensitive)')
    .addOption(limitOption('identities, in id order'))
    .option('--include-gone', 'also identities a complete scan no longer found (kept with when they went)')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(
      async (
        opts: {
          platform?: string;
          tenant?: string;
          kind?: string;
          owner?: string;
          text?: string;
          limit?: number;
          includeGone?: boolean;
          format: OutputFormat;
        },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const store = await ctx.openStore();
        try {
          const rows = await collectBatches(iterateIdentityViews(store, opts), opts.limit);
          ctx.out(
            render(
              rows,
              [
                { header: 'name', value: (r) => r.name, minWidth: 12, priority: 9 },
                { header: 'kind', value: (r) => r.kind, priority: 6 },
                { header: 'owner', value: ownerLabel, minWidth: 10, priority: 7 },
                { header: 'last used', value: (r) => dateCell(r.lastUsedAt), priority: 4 },
                { header: 'created', value: (r) => dateCell(r.createdAt), priority: 2 },
                { header: 'creds', value: (r) => r.credentials.length, priority: 3 },
                { header: 'perms', value: (r) => r.permissions.length, priority: 3 },
                // The id is what other commands take (`owners show`): never truncated, dropped only on a narrow terminal.
                { header: 'id', value: (r) => r.id, maxWidth: ID_CELL_MAX, priority: 5 },
                ...(opts.includeGone ? [{ header: 'gone', value: (r: IdentityView) => dateCell(r.goneAt) }] : []),
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
