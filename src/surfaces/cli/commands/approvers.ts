import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { addApprover } from '../../../remediation/index.js';
import { render } from '../format.js';
import { defaultActor, withStore } from '../remediation-runner.js';

/** `steward approvers`: the people whose signed approvals of remediation plans count, with their public keys. */
export function register(program: Command): void {
  const approvers = program.command('approvers').description('people who may approve remediation plans (Ed25519 keys)');
  approvers
    .command('add <name>')
    .description('register an approver with their Ed25519 public key (PEM)')
    .requiredOption('--public-key <file>', 'PEM public key (openssl pkey -in KEY.pem -pubout)')
    .option('--as <name>', 'who registers them, in the audit log (default: the operating-system user)')
    .action(async (name: string, opts: { publicKey: string; as?: string }, command: Command) =>
      withStore(command, async (ctx, store) => {
        let pem: string;
        try {
          pem = readFileSync(opts.publicKey, 'utf8');
        } catch (error) {
          throw new UserError(
            `--public-key ${opts.publicKey}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        await addApprover(store, name, pem, opts.as ?? defaultActor(), ctx.clock.now().toISOString());
        ctx.out(`approver ${name} registered`);
      }),
    );
  approvers
    .command('list')
    .description('list approvers')
    .action(async (_opts: unknown, command: Command) =>
      withStore(command, async (ctx, store) => {
        const rows = await store.db.selectFrom('approvers').selectAll().orderBy('name').execute();
        ctx.out(
          render(
            rows,
            [
              { header: 'name', value: (r) => r.name },
              { header: 'added', value: (r) => r.added_at },
              { header: 'by', value: (r) => r.added_by },
              { header: 'removed', value: (r) => r.removed_at },
            ],
            'table',
          ),
        );
      }),
    );
}
