import { InvalidArgumentError } from 'commander';

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
