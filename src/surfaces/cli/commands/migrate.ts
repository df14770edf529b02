import type { Command } from 'commander';
import { buildDeferredIndexes } from '../../../store/index.js';
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
        // Indexes a scan dropped to load empty tables and could not build again (it was stopped).
        const built = await buildDeferredIndexes(store);
        if (built.length > 0) ctx.out(`built ${built.length} indexes a stopped scan left unbuilt: ${built.join(', ')}`);
        ctx.out(`the store at ${store.location} is up to date`);
      } finally {
        await store.close();
      }
    });
}
