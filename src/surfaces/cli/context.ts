import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import type { StewardConfig } from '../../config/schema.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { openStore, type Store } from '../../store/index.js';
import type { AnalysisCatalogue } from '../../analysis/analysis.js';
import { ANALYSIS_CATALOGUE } from '../../platforms/registry.js';

/** Options every command accepts (defined once on the root program). */
interface GlobalOptions {
  config?: string;
  store?: string;
  verbose?: boolean;
}

export interface CliContext {
  config: StewardConfig;
  configFile: string | null;
  clock: Clock;
  log: Logger;
  /** The rule pack and people sources of every registered platform. */
  catalogue: AnalysisCatalogue;
  /** Opens the store named by --store, else the config's `store:`. Caller closes it. */
  openStore(): Promise<Store>;
  out(text: string): void;
}

/** Builds the context from the root program's global options (call inside an action). */
export function cliContext(command: Command): CliContext {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const { config, file } = loadConfig(opts.config);
  const storeLocation = opts.store ?? process.env.STEWARD_STORE ?? config.store;
  return {
    config: { ...config, store: storeLocation },
    configFile: file,
    clock: process.env.STEWARD_NOW ? { now: () => new Date(process.env.STEWARD_NOW as string) } : systemClock,
    log: createLogger({ level: opts.verbose ? 'info' : 'warn' }),
    catalogue: ANALYSIS_CATALOGUE,
    openStore: () => openStore(storeLocation),
    out: (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** Exit codes (documented in README): */
export const EXIT = {
  ok: 0,
  /** Findings at or above --fail-on were found. */
  findings: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** At least one connector failed (others still ran and stored what they found). */
  partial: 3,
  /** Unexpected internal error. */
  internal: 70,
} as const;
