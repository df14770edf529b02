import type { Command } from 'commander';
import { verifyAuditChain } from '../../../store/index.js';
import { EXIT } from '../context.js';
import { withStore } from '../remediation-runner.js';

/** `steward audit verify`: recomputes the audit log's hash chain and names the first row that breaks it. */
export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');
  audit
    .command('verify')
    .description(`recompute the chain; exit ${EXIT.refused} naming the first changed, removed or inserted row`)
    .action(async (_opts: unknown, command: Command) =>
      withStore(command, async (ctx, store) => {
        const report = await verifyAuditChain(store.db);
        if (!report.broken) return ctx.out(`audit log intact: ${report.rows} rows, hash chain verified`);
        const b = report.broken;
        ctx.out(
          `audit log BROKEN at row ${b.seq ?? '(no seq)'} (id ${b.id}): ${b.reason}; ${report.rows} rows before it verify`,
        );
        process.exitCode = EXIT.refused;
      }),
    );
}
