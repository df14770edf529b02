import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { toJson } from '../../../lib/output-safety.js';
import { writeAudit } from '../../api/audit.js';
import { listTokens, mintToken, revokeToken } from '../../api/auth.js';
import { ROLES, type Role } from '../../api/route.js';
import { cliContext } from '../context.js';
import { OUTPUT_FORMATS, type OutputFormat, render, shortDate } from '../format.js';

/** Who did it, in the audit log, for writes made from the command line (no token). */
export const cliActor = () => ({ tokenId: null, name: `cli:${userInfo().username}` });

export function register(program: Command): void {
  const tokens = program.command('tokens').description('API tokens of `steward serve`: create, list, revoke');
  tokens
    .command('create')
    .description('create a token and print it once (only a hash of it is stored)')
    .requiredOption('--name <name>', 'who or what will use it')
    .addOption(
      new Option('--role <role>', 'viewer reads; analyst also triages; admin also scans and manages tokens')
        .choices([...ROLES])
        .makeOptionMandatory(),
    )
    .action(async (opts: { name: string; role: Role }, command: Command) => {
      const ctx = cliContext(command);
      if (!opts.name.trim()) throw new UserError('--name must not be empty');
      const store = await ctx.openStore();
      try {
        const now = ctx.clock.now().toISOString();
        const actor = cliActor();
        const minted = await mintToken(store.db, { name: opts.name, role: opts.role, createdBy: actor.name, now });
        await writeAudit(
          store.db,
          actor,
          { action: 'token.create', target: minted.tokenId, detail: { name: opts.name, role: opts.role } },
          now,
        );
        ctx.out(`created ${opts.role} token ${minted.tokenId} (${opts.name}); it is shown only now:`);
        ctx.out(minted.token);
      } finally {
        await store.close();
      }
    });
  tokens
    .command('list')
    .description('list tokens (never their secret or hash)')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .action(async (opts: { format: OutputFormat }, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const rows = await listTokens(store.db);
        if (opts.format === 'json') return ctx.out(toJson(rows));
        ctx.out(
          render(
            rows,
            [
              { header: 'id', value: (t) => t.id },
              { header: 'name', value: (t) => t.name },
              { header: 'role', value: (t) => t.role },
              { header: 'created', value: (t) => shortDate(t.createdAt) },
              { header: 'last used', value: (t) => (t.lastUsedAt ? shortDate(t.lastUsedAt) : null) },
              { header: 'revoked', value: (t) => (t.revokedAt ? shortDate(t.revokedAt) : null) },
            ],
            opts.format,
          ),
        );
      } finally {
        await store.close();
      }
    });
  tokens
    .command('revoke <id>')
    .description('revoke a token (a running server forgets it within a minute)')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        const now = ctx.clock.now().toISOString();
        if (!(await revokeToken(store.db, id, now)))
          throw new UserError(`that token id is unknown or already revoked (see \`steward tokens list\`)`);
        await writeAudit(store.db, cliActor(), { action: 'token.revoke', target: id, detail: {} }, now);
        ctx.out(`revoked ${id}`);
      } finally {
        await store.close();
      }
    });
}
