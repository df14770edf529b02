import type { Command } from 'commander';
import { cliContext } from '../context.js';

/** `steward migrate`: brings a store's schema up to this Steward (what a scan also does before it writes). */
export function register(program: Command): void {
  program
    .command('migrate')
    .description("create the store or bring its schema up to this Steward's (a scan does this too)")
    .action(async (_opts: object, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        ctx.out(`the store at ${store.location} is up to date`);
      } finally {
        await store.close();
      }
    });
}
