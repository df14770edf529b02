import { userInfo } from 'node:os';
import { checkTenantOptions } from '../../config/load.js';
import { UserError } from '../../lib/errors.js';
import { connectorFor, REMEDIATION_ACTIONS } from '../../platforms/registry.js';
import type { ActionRunner } from '../../remediation/index.js';
import type { Command } from 'commander';
import type { Store } from '../../store/index.js';
import { type CliContext, cliContext } from './context.js';

/** Who acts on the command line when `--as` does not say: the operating-system user. */
export const defaultActor = () => userInfo().username;

/**
 * The actions of every registered platform, and each tenant's options from steward.yaml, validated by its connector's
 * schema (secrets resolved) the first time an item of that tenant runs.
 */
export function cliRunner(ctx: CliContext): ActionRunner {
  const cache = new Map<string, unknown>();
  return {
    action: (id) => REMEDIATION_ACTIONS.get(id),
    context: (platform, tenant) => {
      const key = `${platform}:${tenant}`;
      if (!cache.has(key)) {
        const index = ctx.config.tenants.findIndex((t) => t.platform === platform && t.tenant === tenant);
        if (index < 0)
          throw new UserError(
            `tenant ${key} is not in ${ctx.configFile ?? 'the configuration'}: actions use its options`,
          );
        const options = checkTenantOptions(ctx.config, (p) => connectorFor(p)?.optionsSchema, ctx.configFile, [index]);
        cache.set(key, options.get(index));
      }
      return { options: cache.get(key) };
    },
  };
}

/** Opens the store for one command action and closes it after. */
export async function withStore(
  command: Command,
  run: (ctx: CliContext, store: Store) => Promise<void>,
): Promise<void> {
  const ctx = cliContext(command);
  const store = await ctx.openStore();
  try {
    await run(ctx, store);
  } finally {
    await store.close();
  }
}
