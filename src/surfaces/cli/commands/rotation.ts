import { type Command, Option } from 'commander';
import { toJson } from '../../../lib/output-safety.js';
import {
  byOwner,
  listRotations,
  parseDays,
  type RotationItem,
  rotationStatus,
  startRotation,
} from '../../../remediation/reviews/index.js';
import type { CliContext } from '../context.js';
import { render } from '../format.js';
import { platformOption } from '../options.js';
import { defaultActor, withStore } from '../remediation-runner.js';

/** `steward rotation`: rotation and expiry campaigns, tracked across scans (docs/reviews.md). */
export function register(program: Command): void {
  const rotation = program
    .command('rotation')
    .description('rotation and expiry campaigns over credentials, tracked across scans');
  rotation
    .command('campaign')
    .description('start a campaign: every enabled credential older than the window or expiring soon, grouped by owner')
    .option('--name <name>', 'the campaign name (default: rotation-<date>)')
    .option('--older-than <days>', 'credentials created more than N days ago (90d)')
    .option('--expiring-within <days>', 'credentials expiring within N days, or already expired (30d)')
    .addOption(platformOption('only this platform'))
    .option('--tenant <tenant>', 'only this tenant (platform:tenant also sets --platform)')
    .option('--as <name>', 'who starts it (default: the operating-system user)')
    .action(
      async (
        o: {
          name?: string;
          olderThan?: string;
          expiringWithin?: string;
          platform?: string;
          tenant?: string;
          as?: string;
        },
        command: Command,
      ) =>
        withStore(command, async (ctx, store) => {
          const now = ctx.clock.now();
          const { id, items } = await startRotation(store, {
            name: o.name ?? `rotation-${now.toISOString().slice(0, 10)}`,
            criteria: {
              olderThanDays: o.olderThan ? parseDays(o.olderThan, '--older-than') : null,
              expiringWithinDays: o.expiringWithin ? parseDays(o.expiringWithin, '--expiring-within') : null,
              platform: o.platform,
              tenant: o.tenant,
            },
            createdBy: o.as ?? defaultActor(),
            now,
          });
          ctx.out(`rotation campaign ${id}: ${items.length} credential(s)`);
          printByOwner(ctx, items);
        }),
    );
  rotation
    .command('list')
    .description('list rotation campaigns')
    .action(async (_o: unknown, command: Command) =>
      withStore(command, async (ctx, store) => {
        const rows = await listRotations(store);
        ctx.out(
          render(
            rows,
            [
              { header: 'campaign', value: (r) => r.id },
              { header: 'name', value: (r) => r.name },
              { header: 'created', value: (r) => r.created_at },
              { header: 'by', value: (r) => r.created_by },
              { header: 'done', value: (r) => `${r.done}/${r.items} at the last status` },
            ],
            'table',
          ),
        );
      }),
    );
  rotation
    .command('status <campaign>')
    .description(
      're-check every credential against the latest scan: done, open, or unknown (its source did not answer)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (ref: string, o: { format: string }, command: Command) =>
      withStore(command, async (ctx, store) => {
        const status = await rotationStatus(store, ref, ctx.clock.now());
        if (o.format === 'json') return ctx.out(toJson(status));
        const count = (s: string) => status.items.filter((i) => i.state === s).length;
        ctx.out(
          `${status.name} (${status.id}): ${count('done')} done, ${count('open')} open, ${count('unknown')} unknown of ${status.items.length}`,
        );
        printByOwner(ctx, status.items);
      }),
    );
}

function printByOwner(ctx: CliContext, items: RotationItem[]): void {
  for (const [owner, list] of byOwner(items)) {
    ctx.out(`\n${owner}: ${list.length}`);
    ctx.out(
      render(
        list,
        [
          { header: 'credential', value: (i) => i.label },
          { header: 'why', value: (i) => i.why },
          { header: 'state', value: (i) => i.state },
          { header: 'detail', value: (i) => i.detail ?? '-' },
        ],
        'table',
      ),
    );
  }
}
