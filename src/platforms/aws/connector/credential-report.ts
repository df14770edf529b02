import { parse } from 'csv-parse/sync';

/**
 * Pure parser of the IAM credential report (CSV, columns read by header name, not position). Values "N/A",
 * "no_information" and "not_supported" become null; dates become ISO strings.
 */
export interface ReportKey {
  slot: 1 | 2;
  active: boolean;
  lastRotated: string | null;
  lastUsedDate: string | null;
  lastUsedRegion: string | null;
  lastUsedService: string | null;
}

export interface CredentialReportRow {
  user: string;
  arn: string;
  isRoot: boolean;
  userCreationTime: string | null;
  /** null when not_supported (root). */
  passwordEnabled: boolean | null;
  passwordLastUsed: string | null;
  passwordLastChanged: string | null;
  mfaActive: boolean;
  /** Keys that exist (last_rotated set), active or not. */
  keys: ReportKey[];
  certificates: Array<{ slot: 1 | 2; active: boolean; lastRotated: string | null }>;
}

const NULLS = new Set(['', 'N/A', 'no_information', 'not_supported']);
const value = (v: string | undefined) => (v === undefined || NULLS.has(v) ? null : v);
const date = (v: string | undefined) => {
  const s = value(v);
  if (s === null) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};
const bool = (v: string | undefined) => v === 'true';

export function parseCredentialReport(csv: string | Uint8Array): CredentialReportRow[] {
  const rows: CredentialReportRow[] = [];
  forEachCredentialReportRow(csv, (row) => rows.push(row));
  return rows;
}

/**
 * Parses the report a row at a time: each CSV record becomes a row and is handed to `onRow` at once, so a caller
 * that keeps only part of each row never holds the whole report's records (a 100k-user report is ~100k objects
 * of 22 string fields each).
 */
export function forEachCredentialReportRow(csv: string | Uint8Array, onRow: (row: CredentialReportRow) => void): void {
  let checked = false;
  parse(typeof csv === 'string' ? csv : Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    on_record: (r: Record<string, string>) => {
      if (!checked) {
        if (!('user' in r && 'arn' in r))
          throw new Error('credential report has no "user"/"arn" columns; is it a credential report CSV?');
        checked = true;
      }
      onRow(toRow(r));
      return null;
    },
  });
}

function toRow(r: Record<string, string>): CredentialReportRow {
  const keys: ReportKey[] = [];
  for (const slot of [1, 2] as const) {
    const rotated = date(r[`access_key_${slot}_last_rotated`]);
    if (rotated === null && !bool(r[`access_key_${slot}_active`])) continue;
    keys.push({
      slot,
      active: bool(r[`access_key_${slot}_active`]),
      lastRotated: rotated,
      lastUsedDate: date(r[`access_key_${slot}_last_used_date`]),
      lastUsedRegion: value(r[`access_key_${slot}_last_used_region`]),
      lastUsedService: value(r[`access_key_${slot}_last_used_service`]),
    });
  }
  const certificates = ([1, 2] as const)
    .filter((slot) => date(r[`cert_${slot}_last_rotated`]) !== null || bool(r[`cert_${slot}_active`]))
    .map((slot) => ({
      slot,
      active: bool(r[`cert_${slot}_active`]),
      lastRotated: date(r[`cert_${slot}_last_rotated`]),
    }));
  const pw = r.password_enabled;
  return {
    user: r.user,
    arn: r.arn,
    isRoot: r.user === '<root_account>',
    userCreationTime: date(r.user_creation_time),
    passwordEnabled: pw === 'not_supported' ? null : bool(pw),
    passwordLastUsed: date(r.password_last_used),
    passwordLastChanged: date(r.password_last_changed),
    mfaActive: bool(r.mfa_active),
    keys,
    certificates,
  };
}
