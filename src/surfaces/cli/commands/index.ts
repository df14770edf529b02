import type { Command } from 'commander';

/** A CLI command module: src/cli/commands/<name>.ts exports `register`. Listed once in src/cli/main.ts. */
export type RegisterCommand = (program: Command) => void;
