import { knownSecretValues, SECRET_TOKEN_PATTERNS } from '../lib/logger.js';

/**
 * Redaction of raw vendor values before anything of them reaches disk (`--keep-raw` pages, quarantine excerpts).
 * Two nets, because neither alone is enough:
 * - by field name: a property whose name means "secret value" loses its value, whatever the value looks like
 *   (an Entra `secretText` is random text no pattern recognises);
 * - by shape: any string anywhere that looks like a token (GitHub, Slack, JWT, PEM private key, an AWS secret key
 *   beside its key id, an auth-scheme value, a credential in a URL) is cut out of the string, and any value
 *   registered as a config secret too.
 * What identifies a credential without granting anything is kept on purpose, because the inventory is built from
 * it: ids, names, fingerprints, hints (Entra `hint`, GitHub `token_last_eight`), public keys (GitHub deploy key
 * `key`, Entra keyCredential `key`: certificates) and AWS access key ids (`AKIA…`/`ASIA…`: an access key id is
 * sent in clear in every signed request and is how IAM, CloudTrail and Steward name the key; only the secret
 * access key signs).
 */
export const REDACTED = '[redacted]';

/**
 * Property names that mean a secret value in any vendor's payload, compared without case, `_` or `-`
 * (`client_secret` = `clientSecret`, `SecretAccessKey` = `secret_access_key`). Connectors add their own.
 * `key` is deliberately absent: in GitHub deploy keys and Entra keyCredentials it is a public key.
 */
export const GENERIC_SECRET_FIELDS: readonly string[] = [
  'password',
  'client_secret',
  'secret',
  'token',
  'private_key',
  'secretText',
  'access_token',
  'refresh_token',
  'id_token',
  'SecretAccessKey',
  'SessionToken',
  'authorization',
  'api_key',
  'client_assertion',
];

const fieldKey = (name: string) => name.toLowerCase().replace(/[_-]/g, '');
const GENERIC_KEYS = new Set(GENERIC_SECRET_FIELDS.map(fieldKey));

/** Shapes only data needs (logs hide more, see src/lib/logger.ts): each keeps the label and cuts the secret. */
const DATA_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // An AWS secret access key (40 base64 characters; a session token is longer) beside its key id or under its names.
  [/\b((?:AKIA|ASIA)[A-Z0-9]{16}[^A-Za-z0-9/+=]{1,5})[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=])/g, `$1${REDACTED}`],
  [/\b((?:aws_)?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=])/gi, `$1${REDACTED}`],
  // An auth-scheme value ("Bearer x"); a digit and 16+ characters, so prose like "token rotation" stays.
  [/\b((?:Bearer|Basic|token|SSWS)\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}/gi, `$1${REDACTED}`],
  // A credential inside a URL: the password of its userinfo, a secret-named query value, a Slack webhook's key.
  // Bounded repeats: unbounded ones made this quadratic on long runs like "a.a.a…" (a base64 blob).
  [/(\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s/:@]{0,256}:)[^\s/@]{1,256}@/gi, `$1${REDACTED}@`],
  [
    /([?&](?:token|access_token|secret|client_secret|password|key|api_key|apikey|sig|signature|code|auth)=)[^&#\s"']+/gi,
    `$1${REDACTED}`,
  ],
  [/(\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/)[A-Za-z0-9]{16,}/g, `$1${REDACTED}`],
];

/** A substring every shape of SECRET_TOKEN_PATTERNS and DATA_PATTERNS contains (not global: `test` is stateless). */
const TRIGGERS =
  /gh[pousr]_|github_pat_|xox|eyJ|PRIVATE KEY|AKIA|ASIA|secret|bearer|basic|token|ssws|:\/\/|[?&]|\/services\//i;

/** Every token pattern and registered secret removed from one string. */
export function redactString(text: string): string {
  let out = text;
  for (const secret of knownSecretValues()) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  // Most strings of a page (ids, dates, names) hold no trigger of any shape: they skip the patterns (pages redact twice as fast).
  if (out.length < 10 || !TRIGGERS.test(out)) return out;
  for (const p of SECRET_TOKEN_PATTERNS) out = out.replace(p, REDACTED);
  for (const [p, replacement] of DATA_PATTERNS) out = out.replace(p, replacement);
  return out;
}

/**
 * A deep copy of a raw vendor value without its secrets: every property named in `secretFields` or in
 * GENERIC_SECRET_FIELDS gets REDACTED as its value (null/undefined stay, they hold nothing and a replay should see
 * "no value"), and every string is passed through `redactString`. Property names themselves are kept.
 */
export function redactSecrets(value: unknown, secretFields: readonly string[]): unknown {
  const declared = new Set([...GENERIC_KEYS, ...secretFields.map(fieldKey)]);
  return copy(value, declared, new Set());
}

function copy(value: unknown, secretKeys: ReadonlySet<string>, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  // Dates, Buffers and the like are written as JSON gives them.
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return copy(toJSON.call(value), secretKeys, ancestors);
  // Only ancestors count: an object met twice on different branches is copied twice, a cycle is cut.
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => copy(v, secretKeys, ancestors));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = secretKeys.has(fieldKey(k)) && v !== null && v !== undefined ? REDACTED : copy(v, secretKeys, ancestors);
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/** The redacted value as JSON, at most `maxChars` long (a cut one ends with "…"): quarantine excerpts. */
export function redactExcerpt(value: unknown, secretFields: readonly string[], maxChars = 500): string {
  const redacted = redactSecrets(value, secretFields);
  const json = JSON.stringify(redacted) ?? String(redacted);
  return json.length <= maxChars ? json : `${json.slice(0, Math.max(0, maxChars - 1))}…`;
}
