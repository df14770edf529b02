/**
 * The output-safety layer (issue 13): every surface that writes data it did not write itself — vendor display
 * names, HR rows, error texts from vendor APIs — goes through one of these before it reaches a spreadsheet, a
 * terminal or a browser.
 *
 * - **Terminal** (`terminalText`, `tableCell`, `terminalBlock`): C0 and C1 control characters (ESC, BEL, NUL, the
 *   8-bit CSI/OSC introducers), DEL and the Unicode bidi controls are never written raw; they are shown visibly as
 *   `\x1b` / `\u202e`. Table cells are capped in width with an ellipsis (full values stay in JSON and CSV).
 * - **CSV** (`csvCell`): OWASP's CSV-injection guidance — a cell whose first character is `=`, `+`, `-`, `@`, TAB
 *   or CR gets a leading `'`, so a spreadsheet shows it as text instead of evaluating it. Control and bidi
 *   characters other than TAB and LF are escaped as on the terminal (a CSV is often read with `cat`).
 * - **JSON** (`toJson`): NUL removed from every string and key; DEL, C1 and bidi characters written as `\u` escapes,
 *   so the text is safe on a terminal and still parses back to the same value (minus NUL).
 * - **HTML** (`htmlText`): control/bidi characters made visible, then `& < > " '` escaped.
 *
 * NUL is stripped from every format.
 */

/** Default cap on a table cell, in characters (code points). */
export const TABLE_CELL_MAX = 80;
/** The first characters OWASP lists as starting a spreadsheet formula. */
export const CSV_FORMULA_START = ['=', '+', '-', '@', '\t', '\r'] as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this module
const NUL = /\u0000/g;
/** Unicode bidi controls (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM; ALM) and LS/PS line breaks. */
const UNICODE_HAZARDS = '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/** Every character a terminal may act on: C0 (incl. TAB, LF, CR), DEL, C1, and the hazards above. */
const ALL_CONTROLS = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${UNICODE_HAZARDS}]`, 'g');
/** As ALL_CONTROLS but keeping LF and TAB (multi-line blocks of our own text; CSV cells). */
const CONTROLS_BUT_LF_TAB = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${UNICODE_HAZARDS}]`, 'g');
/** What JSON.stringify leaves raw but a terminal may act on: DEL, C1, bidi (C0 is already escaped by JSON). */
const JSON_HAZARDS = new RegExp(`[\\u007f-\\u009f${UNICODE_HAZARDS}]`, 'g');

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');
/** `\x1b` for C0, DEL and C1; `\u202e` for the rest. */
const visible = (c: string) => (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);
/** The JSON escape of one character (`\u009b`), valid inside a JSON string. */
const jsonEscape = (c: string) => `\\u${hex(c, 4)}`;

/** Removes every NUL character. */
export const stripNul = (text: string): string => text.replace(NUL, '');

const asText = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/**
 * One field of terminal text (a name, an e-mail, an error message from a vendor): NUL removed, every other
 * control, line break and bidi character shown visibly (`\x1b`, `\n`-as-`\x0a`, `\u202e`).
 */
export function terminalText(value: unknown): string {
  return stripNul(asText(value)).replace(ALL_CONTROLS, visible);
}

/**
 * A block of terminal output (several lines of our own text with fields already escaped): the safety net under
 * everything the CLI prints. Keeps LF and TAB; everything else a terminal could act on is escaped as `\u00XX`,
 * which is also a valid JSON escape, so JSON text passed through here still parses to the same value.
 */
export function terminalBlock(text: string): string {
  return stripNul(text).replace(CONTROLS_BUT_LF_TAB, jsonEscape);
}

/**
 * Select Graphic Rendition sequences that only set or reset a foreground colour (ESC [ 30-37 | 39 | 90-97 m): what
 * the CLI's severity colours emit. They cannot move the cursor, clear the screen, set a title or make a link.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const COLOUR_SGR = /\u001b\[(?:3[0-7]|39|9[0-7])m/g;

/**
 * terminalBlock for a colour terminal: the same net, except that colour-only SGR sequences pass. Every vendor field
 * is escaped before it gets here (`terminalText`, `tableCell` turn a raw ESC into the visible text `\x1b`), so only
 * Steward's own colours carry a raw ESC; anything else a terminal could act on is still escaped.
 */
export function terminalBlockWithColour(text: string): string {
  const parts = stripNul(text).split(COLOUR_SGR);
  const colours = stripNul(text).match(COLOUR_SGR) ?? [];
  return parts.map((p, i) => terminalBlock(p) + (colours[i] ?? '')).join('');
}

/** Caps text at `max` characters (code points), the last one an ellipsis. */
export function capWidth(text: string, max = TABLE_CELL_MAX): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** One table cell: `terminalText`, then capped at `max` characters with an ellipsis. */
export function tableCell(value: unknown, max = TABLE_CELL_MAX): string {
  return capWidth(terminalText(value), max);
}

/**
 * One CSV cell (before quoting, which the CSV writer does): NUL removed, controls other than TAB/LF and bidi
 * characters escaped visibly, and a `'` put in front of a cell starting with `= + - @ TAB CR` (OWASP). Numbers
 * are Steward's own counts and are left as numbers.
 */
export function csvCell(value: string | number | null | undefined): string | number {
  if (typeof value === 'number') return value;
  const text = stripNul(asText(value)).replace(CONTROLS_BUT_LF_TAB, visible);
  return (CSV_FORMULA_START as readonly string[]).includes(text.charAt(0)) ? `'${text}` : text;
}

/** Drops NUL from strings and object keys (JSON.stringify replacer; called before the children are visited). */
function withoutNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return stripNul(value);
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.includes('\0')))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripNul(k), v]));
  return value;
}

/**
 * JSON text that is safe on a terminal: NUL removed from every string and key, DEL / C1 / bidi characters written
 * as `\u` escapes. `JSON.parse(toJson(v))` equals `v` with NUL removed.
 */
export function toJson(value: unknown, space: number | undefined = 2): string {
  return JSON.stringify(value, withoutNul, space).replace(JSON_HAZARDS, jsonEscape);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML element or attribute: controls and bidi characters made visible, then HTML-escaped. */
export function htmlText(value: unknown): string {
  return terminalText(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const SLACK_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text for a Slack-compatible message: controls and bidi characters made visible, then `& < >` escaped as Slack's
 * formatting reference asks, so vendor text cannot open a control sequence — no `<!channel>` mention, no `<@U…>`
 * user mention, no `<https://…|label>` link with a disguised label. Formatting characters (`*`, `_`, `~`) are left
 * as they are: the message puts this text in `plain_text` objects and sets `mrkdwn: false`, where they do nothing.
 */
export function slackText(value: unknown): string {
  return terminalText(value).replace(/[&<>]/g, (c) => SLACK_ESCAPES[c] as string);
}
