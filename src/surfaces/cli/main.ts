import { Command, CommanderError } from 'commander';
import { terminalBlock } from '../../lib/output-safety.js';
import { UserError } from '../../lib/errors.js';
import { redact } from '../../lib/logger.js';
import { DEFAULT_MEMORY_BUDGET_MB, parseMemoryBudget, startMemoryBudget } from '../../lib/memory-budget.js';
import { EXIT } from './context.js';
import { intOption, splitPlatformTenant } from './options.js';
import { productVersion } from '../../analysis/risk/formats/product.js';
import type { RegisterCommand } from './commands/index.js';
import * as demo from './commands/demo.js';
import * as init from './commands/init.js';
import * as scan from './commands/scan.js';
import * as inventory from './commands/inventory.js';
import * as runs from './commands/runs.js';
import * as emulate from './commands/emulate.js';
import * as worker from './commands/worker.js';
import * as owners from './commands/owners.js';
import * as people from './commands/people.js';
import * as findings from './commands/findings.js';
import * as rules from './commands/rules.js';
import * as report from './commands/report.js';
import * as migrate from './commands/migrate.js';
import * as serve from './commands/serve.js';
import * as tokens from './commands/tokens.js';
import * as remediate from './commands/remediate.js';
import * as approvers from './commands/approvers.js';
import * as audit from './commands/audit.js';
import * as incident from './commands/incident.js';
import * as events from './commands/events.js';
import * as detections from './commands/detections.js';
import * as review from './commands/review.js';
import * as rotation from './commands/rotation.js';
import * as notifyCommand from './commands/notify.js';
import { StoreOpenError } from '../../store/errors.js';
import { redactStoreUrl } from '../../store/location.js';

/** Every command module, in help order. Adding a command: one import and one entry here. */
const COMMANDS: RegisterCommand[] = [
  demo.register,
  init.register,
  scan.register,
  inventory.register,
  runs.register,
  emulate.register,
  worker.register,
  owners.register,
  people.register,
  findings.register,
  rules.register,
  report.register,
  migrate.register,
  serve.register,
  tokens.register,
  remediate.register,
  approvers.register,
  audit.register,
  incident.register,
  events.register,
  detections.register,
  review.register,
  rotation.register,
  notifyCommand.register,
];

/** The commands that stream a whole estate through the process (the emulator holds its estate on purpose). */
const SCANNING_COMMANDS = new Set(['scan', 'worker', 'demo']);

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('steward')
    .description('Find, own, score and fix non-human identities across SaaS and cloud.')
    .option('-c, --config <file>', 'config file (default: ./steward.yaml if present)')
    .option('--store <path|url>', "SQLite file or postgres:// URL (overrides the config's store)")
    .option('-v, --verbose', 'log progress details to stderr')
    .option(
      '--memory-budget <MB>',
      `scans: run a full garbage collection whenever the process's resident memory passes this (0 = off; default ${DEFAULT_MEMORY_BUDGET_MB}, or STEWARD_MEMORY_BUDGET_MB)`,
      intOption(0),
    )
    .version(productVersion(), '-V, --version', 'print the Steward version')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  program.hook('preAction', (_program, action) => splitPlatformTenant(action));
  program.hook('preAction', (_program, action) => {
    if (!SCANNING_COMMANDS.has(action.name())) return;
    const flag = program.opts<{ memoryBudget?: number }>().memoryBudget;
    const mb = flag ?? parseMemoryBudget(process.env.STEWARD_MEMORY_BUDGET_MB, 'STEWARD_MEMORY_BUDGET_MB');
    if (mb === 0) return;
    try {
      startMemoryBudget(mb);
    } catch (error) {
      // A Node without a way to expose V8's collector loses the budget, not the scan.
      process.stderr.write(`steward: memory budget unavailable (${(error as Error).message}); scanning without it\n`);
    }
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof StoreOpenError) {
      // One line naming the cause (not a store, read-only, cannot connect, authentication failed...), no stack.
      process.stderr.write(`steward: ${terminalBlock(redactStoreUrl(redact(error.message)).split('\n')[0])}\n`);
      return EXIT.usage;
    }
    if (error instanceof UserError) {
      // Messages can quote vendor or config text: escaped like every other terminal output.
      process.stderr.write(`steward: ${terminalBlock(redactStoreUrl(redact(error.message)))}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `steward: unexpected error: ${terminalBlock(redactStoreUrl(redact((error as Error).stack ?? String(error))))}\n`,
    );
    return EXIT.internal;
  }
}

const isEntry = process.argv[1] && /(steward(\.js)?|main\.[tj]s)$/.test(process.argv[1]);
if (isEntry) {
  // Exit only once stdout and stderr are flushed: writes to a pipe are asynchronous, and process.exit() would cut a
  // large `--format json` output short (`steward inventory --format json | jq`).
  main(process.argv).then((code) => {
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}
