import { terminalBlock } from './output-safety.js';

/**
 * A small leveled logger whose every line goes through redaction: any registered secret value and anything that
 * looks like a vendor token is replaced before it is written. Secrets are registered when config is resolved.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

const knownSecrets = new Set<string>();
export function registerSecret(value: string): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

/**
 * Secrets recognisable by their shape alone, whatever field or sentence holds them: GitHub tokens, Slack tokens,
 * JWTs (access tokens, App assertions) and PEM private keys. Shared with raw-page redaction (src/sync/redact.ts),
 * so what a log line hides is also hidden on disk. Global regexes: use them with `replace`, never `test`.
 */
export const SECRET_TOKEN_PATTERNS: readonly RegExp[] = [
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
  /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/g,
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}(\.[A-Za-z0-9_-]*){1,3}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/**
 * Logs hide more than data does: AWS access key ids too (a log line has no reason to show one), and any word after
 * an auth scheme.
 */
const TOKEN_PATTERNS: RegExp[] = [
  ...SECRET_TOKEN_PATTERNS,
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /(Bearer|token|SSWS)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** Values registered with `registerSecret` (resolved config secrets, store passwords), for redaction on disk too. */
export function knownSecretValues(): ReadonlySet<string> {
  return knownSecrets;
}

export function redact(text: string): string {
  let out = text;
  for (const s of knownSecrets) out = out.split(s).join('****');
  for (const p of TOKEN_PATTERNS) out = out.replace(p, (m) => (m.includes(' ') ? `${m.split(/\s+/)[0]} ****` : '****'));
  return out;
}

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  child(prefix: string): Logger;
  /** The lowest level written, when known (sync threads filter before they forward a line). */
  readonly level?: LogLevel;
}

export function createLogger(
  options: { level?: LogLevel; write?: (line: string) => void; prefix?: string } = {},
): Logger {
  const min = LEVELS.indexOf(options.level ?? ((process.env.STEWARD_LOG_LEVEL as LogLevel) || 'warn'));
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const prefix = options.prefix ? `[${options.prefix}] ` : '';
  const at = (level: LogLevel) => (msg: string) => {
    // Messages carry vendor text (names, API errors): no raw control character reaches the terminal.
    if (LEVELS.indexOf(level) >= min) write(terminalBlock(redact(`${level.padEnd(5)} ${prefix}${msg}`)));
  };
  return {
    level: LEVELS[min],
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (p: string) => createLogger({ ...options, prefix: options.prefix ? `${options.prefix}/${p}` : p }),
  };
}

export const silentLogger: Logger = createLogger({ write: () => {} });
