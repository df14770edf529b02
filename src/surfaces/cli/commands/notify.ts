import type { Command } from 'commander';
import { UserError } from '../../../lib/errors.js';
import { toJson } from '../../../lib/output-safety.js';
import { batchMessage, send } from '../../../notifications/index.js';
import { cliContext, EXIT } from '../context.js';
import { deliveryLines, notificationTargets } from '../notifications.js';

/** `steward notify test`: one test message to each configured notification, bypassing de-duplication. */
export function register(program: Command): void {
  const notifyCommand = program.command('notify').description('notifications: webhooks, chat webhooks and e-mail');
  notifyCommand
    .command('test')
    .description('send a test message to each configured notification (or one) and print the outcome')
    .option('--channel <name>', 'only the notification with this name')
    .option('--json', 'print the outcomes as JSON')
    .action(async (opts: { channel?: string; json?: boolean }, command: Command) => {
      const ctx = cliContext(command);
      const all = notificationTargets(ctx);
      const targets = opts.channel ? all.filter((t) => t.name === opts.channel) : all;
      if (targets.length === 0)
        throw new UserError(
          opts.channel
            ? `--channel ${opts.channel}: no notification has this name (configured: ${all.map((t) => t.name).join(', ') || 'none'})`
            : `no notifications are configured${ctx.configFile ? ` in ${ctx.configFile}` : ''}: add a notifications: list (docs/notifications.md)`,
          EXIT.usage,
        );
      const now = () => ctx.clock.now();
      const reports = [];
      for (const target of targets) {
        const message = batchMessage([testEvent(target.name, now())], now());
        const outcome = await send(target, message, now);
        reports.push({
          notification: target.name,
          channel: target.channel.id,
          status: outcome.ok ? ('sent' as const) : ('failed' as const),
          events: 1,
          alreadySent: 0,
          attempts: outcome.attempts,
          error: outcome.error,
        });
      }
      ctx.out(opts.json ? toJson(reports) : deliveryLines(reports, false).join('\n'));
      if (reports.some((r) => r.status === 'failed')) process.exitCode = EXIT.failed;
    });
}

const testEvent = (name: string, now: Date) => ({
  kind: 'review-task' as const,
  severity: 'info' as const,
  title: `Steward test message for notification ${name}`,
  lines: [`sent by \`steward notify test\` at ${now.toISOString()}; nothing needs doing`],
  subject: `test:${now.toISOString()}`,
});
