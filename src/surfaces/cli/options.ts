import { type Command, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../../lib/errors.js';
import { PLATFORM_IDS } from '../../model/index.js';
import { PLATFORMS } from '../../platforms/registry.js';

/**
 * Argument parsers for numeric CLI options. Commander calls them while parsing; the InvalidArgumentError they throw
 * becomes "error: option '--limit <n>' argument 'abc' is invalid. expected ..." and exit 2 (usage).
 */
export function intOption(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return (value) => {
    const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number ${range}.`);
    return n;
  };
}

/** Like intOption, for options that take a decimal number (seconds). */
export function numberOption(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return (value) => {
    const n = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected a number ${range}.`);
    return n;
  };
}

/** Platforms with a connector in the registry: the only values `--platform` (and a `platform:` prefix) accept. */
export const registeredPlatforms = (): string[] => PLATFORMS.map((p) => p.id);

/** Why a platform name is refused: known to the model but without a connector yet, or unknown. */
function platformProblem(value: string): string | null {
  const registered = registeredPlatforms();
  if (registered.includes(value)) return null;
  const known = (PLATFORM_IDS as readonly string[]).includes(value);
  return `"${value}" ${known ? 'has no connector yet' : 'is not a platform'}; registered platforms: ${registered.join(', ')}.`;
}

/** `--platform <id>`: one of the registered platforms (derived from the registry), else exit 2 naming them. */
export function platformOption(description: string): Option {
  return new Option('--platform <id>', `${description} (${registeredPlatforms().join(', ')})`).argParser((value) => {
    const problem = platformProblem(value);
    if (problem) throw new InvalidArgumentError(problem);
    return value;
  });
}

/** `--limit <n>`: the one meaning everywhere — at most N rows, taken after sorting. */
export function limitOption(what = 'rows'): Option {
  return new Option('--limit <n>', `at most N ${what}, taken after sorting`).argParser(intOption(1));
}

/**
 * `--tenant platform:tenant`, the form Steward prints, means `--platform platform --tenant tenant`. Runs before
 * every action (main.ts), so each command's filters see the split values; a prefix naming another platform than
 * `--platform`, or a platform without a connector, is a usage error.
 */
export function splitPlatformTenant(command: Command): void {
  const opts = command.opts<{ platform?: string; tenant?: unknown }>();
  if (typeof opts.tenant !== 'string') return;
  const colon = opts.tenant.indexOf(':');
  if (colon <= 0) return;
  const prefix = opts.tenant.slice(0, colon);
  if (!(PLATFORM_IDS as readonly string[]).includes(prefix)) return;
  const problem = platformProblem(prefix);
  if (problem) throw new UserError(`--tenant ${opts.tenant}: ${problem}`);
  if (opts.platform && opts.platform !== prefix)
    throw new UserError(`--tenant ${opts.tenant} names platform ${prefix}, but --platform is ${opts.platform}`);
  command.setOptionValue('platform', prefix);
  command.setOptionValue('tenant', opts.tenant.slice(colon + 1));
}
