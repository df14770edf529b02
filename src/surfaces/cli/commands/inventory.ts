import type { Command } from 'commander';
import { Option } from 'commander';
import { IDENTITY_KINDS, PLATFORM_IDS } from '../../../model/index.js';
import { collectBatches, iterateIdentityViews, type IdentityView } from '../../../store/index.js';
import { cliContext } from '../context.js';
import { ID_CELL_MAX, OUTPUT_FORMATS, render, dateCell, type OutputFormat } from '../format.js';
import { intOption } from '../options.js';

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
    .addOption(new Option('--platform <id>', 'filter by platform').choices([...PLATFORM_IDS]))
    .option('--tenant <name>', 'filter by tenant')
    .addOption(new Option('--kind <kind>', 'filter by kind').choices([...IDENTITY_KINDS]))
    .option('--owner <email|team|none>', "filter by owner (substring), or 'none' for identities without one")
    .option('--text <text>', 'filter by name or id (substring, case-insensitive)')
    .option('--limit <n>', 'show at most N', intOption(1))
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
                { header: 'id', value: (r) => r.id, maxWidth: ID_CELL_MAX },
                { header: 'kind', value: (r) => r.kind },
                { header: 'name', value: (r) => r.name },
                { header: 'owner', value: ownerLabel },
                { header: 'created', value: (r) => dateCell(r.createdAt) },
                { header: 'last used', value: (r) => dateCell(r.lastUsedAt) },
                { header: 'creds', value: (r) => r.credentials.length },
                { header: 'perms', value: (r) => r.permissions.length },
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
