import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import type { StewardConfig } from '../../config/schema.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { terminalBlock, terminalBlockWithColour } from '../../lib/output-safety.js';
import { stdoutLayout } from './format.js';
import { openStore, parseStoreLocation, type Store } from '../../store/index.js';
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
  /**
   * Opens the store named by --store, else STEWARD_STORE, else the config's `store:`. Caller closes it. The commands
   * in READ_ONLY_COMMANDS open it read-only (no WAL switch, no migration: a chmod 444 copy can be read).
   */
  openStore(): Promise<Store>;
  out(text: string): void;
}

/** Commands (their path under `steward`) that only read the store, so open it read-only. */
export const READ_ONLY_COMMANDS = new Set([
  'inventory',
  'findings',
  'runs',
  'rules',
  'report',
  'owners',
  'owners list',
  'owners show',
  'owners stats',
  'people',
  'people list',
  'remediate list',
  'remediate show',
  'approvers list',
  'audit verify',
  'detections',
  'review list',
  'review tasks',
  'review report',
  'rotation list',
]);

/** `owners list` for the `list` subcommand of `owners` (the root program's name left out). */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The system clock, or the fixed time in STEWARD_NOW (tests, reproducible reports). */
export function clockFromEnv(): Clock {
  const fixed = process.env.STEWARD_NOW;
  return fixed ? { now: () => new Date(fixed) } : systemClock;
}

/** Builds the context from the root program's global options (call inside an action). */
export function cliContext(command: Command): CliContext {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const { config, file } = loadConfig(opts.config);
  // --store and STEWARD_STORE may carry a password in the URL (steward.yaml takes a secret reference instead).
  const storeLocation = opts.store ?? (process.env.STEWARD_STORE || undefined) ?? config.store;
  // A bad scheme or URL is a usage error (exit 2) before any work, whichever command it is.
  parseStoreLocation(storeLocation);
  const readOnly = READ_ONLY_COMMANDS.has(commandPath(command));
  return {
    config: { ...config, store: storeLocation },
    configFile: file,
    clock: clockFromEnv(),
    log: createLogger({ level: opts.verbose ? 'info' : 'warn' }),
    catalogue: ANALYSIS_CATALOGUE,
    openStore: () => openStore(storeLocation, { readOnly }),
    out: writeOut,
  };
}

/**
 * The output-safety net under everything a command prints: no raw control or bidi character reaches the terminal
 * (src/lib/output-safety.ts); on a colour terminal, Steward's own colour codes pass (terminalBlockWithColour).
 */
export function writeOut(text: string): void {
  const line = text.endsWith('\n') ? text : `${text}\n`;
  process.stdout.write(stdoutLayout().colour ? terminalBlockWithColour(line) : terminalBlock(line));
}

/** Exit codes (documented in README): */
export const EXIT = {
  ok: 0,
  /** Findings at or above --fail-on were found. */
  findings: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** At least one tenant scan failed (others still ran and stored what they found; nothing was swept). */
  failed: 3,
  /** Every tenant scanned, but at least one only in part (a source skipped or failed; what it lists is kept). */
  partial: 4,
  /**
   * A remediation safety check refused and nothing was done: no approval by someone other than the planner, the plan
   * changed after approval, or (`audit verify`) the audit chain is broken.
   */
  refused: 5,
  /** Stopped by SIGINT / SIGTERM (128 + signal number); runs are marked interrupted. */
  interrupted: 130,
  /** Unexpected internal error. */
  internal: 70,
} as const;
