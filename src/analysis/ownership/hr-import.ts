import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { PLATFORM_IDS, personId, type Person } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { personFromRow, personRow } from '../../store/rows.js';

/**
 * HR feed import (docs/ownership.md "HR file format"). A CSV file, UTF-8 (a BOM is accepted), one person per row,
 * with exactly these header names (case and surrounding spaces ignored; order free; extra columns ignored):
 *
 *   email, name, status, departure_date, manager, team      (optional: department, logins)
 */
export const HR_SOURCE = 'hr';
export const HR_TENANT = 'hr';
export const HR_REQUIRED_COLUMNS = ['email', 'name', 'status', 'departure_date', 'manager', 'team'] as const;
export const HR_OPTIONAL_COLUMNS = ['department', 'logins'] as const;
type Column = (typeof HR_REQUIRED_COLUMNS)[number] | (typeof HR_OPTIONAL_COLUMNS)[number];

/** Accepted status values (case-insensitive) and what they mean. */
const HR_STATUS_VALUES: Record<string, Person['status']> = {
  active: 'active',
  employed: 'active',
  departed: 'departed',
  terminated: 'departed',
  leaver: 'departed',
  left: 'departed',
  disabled: 'disabled',
  suspended: 'disabled',
};

export interface HrRowError {
  /** Record number, the header being row 1 (what a spreadsheet shows when no cell spans lines). */
  row: number;
  /** Physical line in the file where the record ends. */
  line: number;
  column: string | null;
  problem: string;
}

export function formatHrError(e: HrRowError): string {
  const where = e.line !== e.row ? `row ${e.row} (line ${e.line})` : `row ${e.row}`;
  return `${where}${e.column ? `, column ${e.column}` : ''}: ${e.problem}`;
}

export interface ParsedHrFile {
  /** Data rows in the file (header excluded). */
  rows: number;
  people: Person[];
  /** Problems that make the whole file unusable (encoding, header, CSV syntax): nothing can be imported. */
  fileErrors: HrRowError[];
  /** Problems of single rows: those rows are rejected. */
  rowErrors: HrRowError[];
  /** E-mails of rejected rows, where readable (they are present in HR, only invalid). */
  rejectedEmails: Set<string>;
  /** Rejected rows whose e-mail could not be read. */
  rejectedWithoutEmail: number;
  warnings: string[];
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD (or a full ISO-8601 timestamp with offset) into an ISO timestamp; null when invalid. */
function parseHrDate(text: string): string | null {
  const m = DATE_ONLY.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return date.toISOString();
  }
  if (z.iso.datetime({ offset: true }).safeParse(text).success) {
    const t = new Date(text);
    return Number.isNaN(t.getTime()) ? null : t.toISOString();
  }
  return null;
}

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s));

function hrRowSchema(now: Date) {
  return z
    .object({
      email: z
        .string()
        .trim()
        .min(1, 'is required')
        .pipe(z.email('is not a valid e-mail address'))
        .transform((s) => s.toLowerCase()),
      name: optionalText,
      status: z
        .string()
        .trim()
        .min(1, 'is required')
        .transform((s, ctx) => {
          const v = HR_STATUS_VALUES[s.toLowerCase()];
          if (!v) {
            ctx.addIssue({ code: 'custom', message: `unknown status "${s}" (expected active, departed or disabled)` });
            return z.NEVER;
          }
          return v;
        }),
      departure_date: z
        .string()
        .trim()
        .transform((s, ctx) => {
          if (s === '') return null;
          const d = parseHrDate(s);
          if (!d) {
            ctx.addIssue({ code: 'custom', message: `bad date "${s}" (expected YYYY-MM-DD, e.g. 2025-03-31)` });
            return z.NEVER;
          }
          return d;
        }),
      manager: z
        .string()
        .trim()
        .transform((s, ctx) => {
          if (s === '') return null;
          if (!z.email().safeParse(s).success) {
            ctx.addIssue({
              code: 'custom',
              message: `"${s}" is not a valid e-mail address (the manager's e-mail is expected)`,
            });
            return z.NEVER;
          }
          return s.toLowerCase();
        }),
      team: optionalText,
      department: optionalText.optional().transform((v) => v ?? null),
      logins: z
        .string()
        .optional()
        .transform((s, ctx) => {
          const out: Array<{ platform: string | null; login: string }> = [];
          for (const entry of (s ?? '').split(/[;\s]+/).filter(Boolean)) {
            const m = /^(?:([a-z]+):)?([A-Za-z0-9][A-Za-z0-9._@-]*)$/.exec(entry);
            if (!m) {
              ctx.addIssue({
                code: 'custom',
                message: `"${entry}" is not a login (expected platform:login or login, separated by ";" or spaces)`,
              });
              return z.NEVER;
            }
            if (m[1] && !(PLATFORM_IDS as readonly string[]).includes(m[1])) {
              ctx.addIssue({
                code: 'custom',
                message: `unknown platform "${m[1]}" in "${entry}" (expected one of ${PLATFORM_IDS.join(', ')})`,
              });
              return z.NEVER;
            }
            out.push({ platform: m[1] ?? null, login: m[2] });
          }
          return out;
        }),
    })
    .superRefine((r, ctx) => {
      if (r.manager && r.manager === r.email)
        ctx.addIssue({ code: 'custom', path: ['manager'], message: 'a person cannot be their own manager' });
      if (r.departure_date && r.status === 'active' && new Date(r.departure_date) <= now) {
        ctx.addIssue({
          code: 'custom',
          path: ['departure_date'],
          message: `status is active but the departure date ${r.departure_date.slice(0, 10)} has passed (fix the status or the date)`,
        });
      }
      if (r.departure_date && r.status === 'departed' && new Date(r.departure_date) > now) {
        ctx.addIssue({
          code: 'custom',
          path: ['departure_date'],
          message: `status is departed but the departure date ${r.departure_date.slice(0, 10)} is in the future (use status active until then)`,
        });
      }
    });
}

function decode(bytes: Uint8Array): { text: string; fileErrors: HrRowError[]; invalidBytes: boolean } {
  const at = (problem: string): HrRowError => ({ row: 1, line: 1, column: null, problem });
  if (bytes.length === 0)
    return {
      text: '',
      fileErrors: [at(`the file is empty (expected a header row: ${HR_REQUIRED_COLUMNS.join(',')})`)],
      invalidBytes: false,
    };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      text: '',
      fileErrors: [at('the file is UTF-16 encoded (byte order mark); save it as "CSV UTF-8" and import again')],
      invalidBytes: false,
    };
  }
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3); // UTF-8 BOM
  if (body.includes(0)) {
    return {
      text: '',
      fileErrors: [
        at('the file contains NUL bytes: it is probably UTF-16 without a byte order mark; save it as "CSV UTF-8"'),
      ],
      invalidBytes: false,
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), fileErrors: [], invalidBytes: false };
  } catch {
    // Decode with replacement characters so each row with invalid bytes can be named; those rows are rejected.
    return { text: new TextDecoder('utf-8').decode(body), fileErrors: [], invalidBytes: true };
  }
}

/** Validates an HR CSV file. Pure apart from `now` (dates are checked against it). */
export function parseHrFile(bytes: Uint8Array, now: Date): ParsedHrFile {
  const out: ParsedHrFile = {
    rows: 0,
    people: [],
    fileErrors: [],
    rowErrors: [],
    rejectedEmails: new Set(),
    rejectedWithoutEmail: 0,
    warnings: [],
  };
  const decoded = decode(bytes);
  out.fileErrors.push(...decoded.fileErrors);
  if (out.fileErrors.length) return out;
  const records = readCsv(decoded.text, out);
  if (!records) return out;
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const position = columnPositions(records[0], header, out);
  if (out.fileErrors.length) return out;
  const schema = hrRowSchema(now);
  const firstRowOf = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    out.rows++;
    const raw: Record<string, string> = {};
    for (const [column, i] of position) raw[column] = record[i] ?? '';
    const row = info.records;
    const line = info.lines;
    const errors: HrRowError[] = [];
    if (record.length !== header.length)
      errors.push({
        row,
        line,
        column: null,
        problem: `has ${record.length} fields but the header has ${header.length}`,
      });
    if (decoded.invalidBytes) errors.push(...invalidByteErrors(raw, row, line));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) errors.push(...schemaErrors(parsed.error, raw, errors, row, line));
    const email = parsed.success ? parsed.data.email : rowEmail(raw);
    if (email) {
      const first = firstRowOf.get(email);
      if (first !== undefined)
        errors.push({ row, line, column: 'email', problem: `duplicate e-mail ${email} (first in row ${first})` });
      else firstRowOf.set(email, row);
    }
    if (errors.length || !parsed.success) {
      out.rowErrors.push(...errors);
      if (email) out.rejectedEmails.add(email);
      else out.rejectedWithoutEmail++;
      continue;
    }
    out.people.push(hrPerson(parsed.data, row));
  }
  // A duplicate rejects the later row only; the first one stays valid.
  return out;
}

type CsvRecord = { record: string[]; info: { lines: number; records: number } };

/** The CSV records, header first; null (with a file error) when the text is not CSV or has no header row. */
function readCsv(text: string, out: ParsedHrFile): CsvRecord[] | null {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: false,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const e = error as { message: string; lines?: number; records?: number };
    out.fileErrors.push({
      row: (e.records ?? 0) + 1,
      line: e.lines ?? 0,
      column: null,
      problem: `not valid CSV: ${e.message}`,
    });
    return null;
  }
  if (records.length === 0) {
    out.fileErrors.push({ row: 1, line: 1, column: null, problem: 'the file has no header row' });
    return null;
  }
  return records;
}

/** Where each known column is; unknown columns are warnings, duplicate or missing required ones file errors. */
function columnPositions(first: CsvRecord, header: string[], out: ParsedHrFile): Map<Column, number> {
  const position = new Map<Column, number>();
  if (header.some((h) => h.includes('\ufffd'))) {
    out.fileErrors.push({
      row: 1,
      line: first.info.lines,
      column: null,
      problem: 'the header has invalid UTF-8 bytes; save the file as "CSV UTF-8"',
    });
    return position;
  }
  const known = new Set<string>([...HR_REQUIRED_COLUMNS, ...HR_OPTIONAL_COLUMNS]);
  header.forEach((h, i) => {
    if (!known.has(h)) {
      out.warnings.push(`column "${first.record[i]}" is not used (known columns: ${[...known].join(', ')})`);
      return;
    }
    if (position.has(h as Column))
      out.fileErrors.push({ row: 1, line: 1, column: h, problem: 'column appears more than once in the header' });
    else position.set(h as Column, i);
  });
  for (const c of HR_REQUIRED_COLUMNS) {
    if (!position.has(c))
      out.fileErrors.push({
        row: 1,
        line: 1,
        column: c,
        problem: `required column is missing from the header (found: ${header.join(', ') || 'nothing'})`,
      });
  }
  return position;
}

function invalidByteErrors(raw: Record<string, string>, row: number, line: number): HrRowError[] {
  return Object.entries(raw)
    .filter(([, value]) => value.includes('\ufffd'))
    .map(([column]) => ({
      row,
      line,
      column,
      problem:
        'contains bytes that are not valid UTF-8 (the file looks like Latin-1/Windows-1252); save it as "CSV UTF-8"',
    }));
}

/** The row's schema problems, one per column (invalid bytes in an e-mail also make it an invalid address). */
function schemaErrors(
  error: z.ZodError,
  raw: Record<string, string>,
  already: readonly HrRowError[],
  row: number,
  line: number,
): HrRowError[] {
  const out: HrRowError[] = [];
  for (const issue of error.issues) {
    const column = issue.path.length ? String(issue.path[0]) : null;
    if (column !== null && [...already, ...out].some((e) => e.column === column)) continue;
    const problem = issue.message.startsWith('is not')
      ? `"${raw[column ?? ''] ?? ''}" ${issue.message}`
      : issue.message;
    out.push({ row, line, column, problem });
  }
  return out;
}

/** The e-mail of a row that failed validation, when it is a valid address itself (so the row is known rejected). */
function rowEmail(raw: Record<string, string>): string | null {
  return z.email().safeParse(raw.email?.trim() ?? '').success ? raw.email.trim().toLowerCase() : null;
}

function hrPerson(r: z.output<ReturnType<typeof hrRowSchema>>, row: number): Person {
  const plannedDeparture = r.status === 'active' && r.departure_date ? r.departure_date : null;
  return {
    id: personId(HR_SOURCE, HR_TENANT, r.email),
    source: HR_SOURCE,
    tenant: HR_TENANT,
    nativeId: r.email,
    email: r.email,
    name: r.name,
    login: null,
    status: r.status,
    departedAt: r.status === 'active' ? null : r.departure_date,
    managerEmail: r.manager,
    team: r.team,
    department: r.department,
    attributes: {
      hrRow: row,
      ...(plannedDeparture ? { plannedDeparture } : {}),
      ...(r.logins.length ? { logins: r.logins } : {}),
    },
  };
}

export interface HrImportOptions {
  now: Date;
  /** Import the valid rows even when some rows are rejected. */
  acceptPartial?: boolean;
  /** 'full' (default): the file is the whole HR population; 'merge': only upsert the rows given. */
  mode?: 'full' | 'merge';
  /** Allow a full import to mark many people as departed because they are absent from the file. */
  allowMassDeparture?: boolean;
  fileName?: string;
}

export interface HrImportReport {
  file: string | null;
  mode: 'full' | 'merge';
  rows: number;
  valid: number;
  rejected: number;
  errors: HrRowError[];
  warnings: string[];
  /** true when the store was changed. */
  applied: boolean;
  /** Why nothing was applied, when it was not. */
  blockedBy: string | null;
  imported: number;
  /** Previously imported people absent from this full file, now recorded as departed. */
  markedDeparted: string[];
}

/** Share of previously active HR people that may disappear in one full import before it is refused. */
const MASS_DEPARTURE_SHARE = 0.25;

/**
 * Validates and imports an HR file. Nothing changes when the file has errors unless `acceptPartial` (then only
 * valid rows are written). A full import treats people of the previous HR set that are missing from the new file
 * as departed (HR dropped them: they are no longer employees) — recorded, never deleted, so their automation still
 * shows up as orphaned. Everything is written in one transaction.
 */
export async function importHrFile(store: Store, bytes: Uint8Array, options: HrImportOptions): Promise<HrImportReport> {
  const mode = options.mode ?? 'full';
  const parsed = parseHrFile(bytes, options.now);
  const report: HrImportReport = {
    file: options.fileName ?? null,
    mode,
    rows: parsed.rows,
    valid: parsed.people.length,
    rejected: parsed.rows - parsed.people.length,
    errors: [...parsed.fileErrors, ...parsed.rowErrors],
    warnings: [...parsed.warnings],
    applied: false,
    blockedBy: null,
    imported: 0,
    markedDeparted: [],
  };
  report.blockedBy = rowsBlocker(parsed, report, options);
  if (report.blockedBy) return report;
  const previous = (
    await store.db
      .selectFrom('people')
      .selectAll()
      .where('source', '=', HR_SOURCE)
      .where('tenant', '=', HR_TENANT)
      .execute()
  ).map(personFromRow);
  const absent = mode === 'full' ? absentPeople(parsed, previous, report, options) : [];
  if (report.blockedBy) return report;
  await writeImport(store, parsed, absent, report, options);
  report.applied = true;
  report.imported = parsed.people.length;
  report.markedDeparted = absent.map((p) => p.email as string).sort();
  return report;
}

/** Why the parsed file cannot be imported as it is, or null. */
function rowsBlocker(parsed: ParsedHrFile, report: HrImportReport, options: HrImportOptions): string | null {
  if (parsed.fileErrors.length) {
    report.rejected = parsed.rows;
    return 'the file cannot be read as an HR feed';
  }
  if (parsed.rowErrors.length && !options.acceptPartial)
    return `${report.rejected} of ${parsed.rows} rows are invalid (fix them, or import the valid rows with --accept-partial)`;
  if (parsed.people.length === 0) return 'no valid rows to import';
  return null;
}

/**
 * A full import: people of the previous import missing from this file, to be marked departed. None when a rejected
 * row's e-mail is unreadable (it may be one of them); sets `report.blockedBy` when too many would go at once.
 */
function absentPeople(
  parsed: ParsedHrFile,
  previous: Person[],
  report: HrImportReport,
  options: HrImportOptions,
): Person[] {
  if (parsed.rejectedWithoutEmail > 0) {
    report.warnings.push(
      `${parsed.rejectedWithoutEmail} rejected row(s) have no readable e-mail, so nobody was marked departed for being absent from the file`,
    );
    return [];
  }
  const present = new Set(parsed.people.map((p) => p.email as string));
  const absent = previous.filter(
    (p) => p.email && !present.has(p.email) && !parsed.rejectedEmails.has(p.email) && p.status !== 'departed',
  );
  const previouslyActive = previous.filter((p) => p.status === 'active').length;
  const limit = Math.max(5, Math.floor(previouslyActive * MASS_DEPARTURE_SHARE));
  if (absent.length > limit && !options.allowMassDeparture) {
    report.blockedBy = `${absent.length} people of the previous HR import are missing from this file and would be marked departed (more than ${limit}); if that is right, import again with --allow-mass-departure, or use --merge to only add/update rows`;
  }
  return absent;
}

/** Upserts the imported people and the absent ones (departed), and records the import, in one transaction. */
async function writeImport(
  store: Store,
  parsed: ParsedHrFile,
  absent: Person[],
  report: HrImportReport,
  options: HrImportOptions,
): Promise<void> {
  const nowIso = options.now.toISOString();
  const runId = `hr-import-${nowIso.replace(/[-:.]/g, '')}`;
  const departedRows = absent.map((p) => ({
    ...p,
    status: 'departed' as const,
    departedAt: p.departedAt ?? null,
    attributes: { ...p.attributes, absentFromHrSince: nowIso, statusBeforeAbsence: p.status },
  }));
  const rows = [...parsed.people, ...departedRows].map((p) => personRow(p, runId, nowIso));
  const meta = JSON.stringify({
    at: nowIso,
    file: options.fileName ?? null,
    mode: report.mode,
    rows: parsed.rows,
    imported: parsed.people.length,
    rejected: report.rejected,
    markedDeparted: absent.length,
  });
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 400) {
      await trx
        .insertInto('people')
        .values(rows.slice(i, i + 400))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            email: eb.ref('excluded.email'),
            name: eb.ref('excluded.name'),
            status: eb.ref('excluded.status'),
            departed_at: eb.ref('excluded.departed_at'),
            manager_email: eb.ref('excluded.manager_email'),
            team: eb.ref('excluded.team'),
            department: eb.ref('excluded.department'),
            attributes: eb.ref('excluded.attributes'),
            last_seen: eb.ref('excluded.last_seen'),
            sync_run_id: eb.ref('excluded.sync_run_id'),
          })),
        )
        .execute();
    }
    await trx
      .deleteFrom('connector_state')
      .where('platform', '=', HR_SOURCE)
      .where('tenant', '=', HR_TENANT)
      .where('key', '=', 'last_import')
      .execute();
    await trx
      .insertInto('connector_state')
      .values({ platform: HR_SOURCE, tenant: HR_TENANT, key: 'last_import', value: meta, updated_at: nowIso })
      .execute();
  });
}
