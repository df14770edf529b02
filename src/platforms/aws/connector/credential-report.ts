import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';
import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import type { AwsOptions } from './options.js';

/**
 * The IAM credential report: GenerateCredentialReport + GetCredentialReport (password use, MFA, and every key's
 * last use in one CSV), and a pure parser of that CSV (columns read by header name, not position). Values "N/A",
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

/** What the user transforms need of a credential-report row (the scan holds only this, per user). */
export type ReportUser = Pick<
  CredentialReportRow,
  'passwordEnabled' | 'passwordLastUsed' | 'mfaActive' | 'keys' | 'certificates'
>;

/** The report as the scan holds it: per user name the compact row, the root row whole, rows without user or arn. */
export interface HeldReport {
  rows: Map<string, ReportUser>;
  root: CredentialReportRow | undefined;
  malformed: CredentialReportRow[];
}

const IN_PROGRESS = new Set(['ReportInProgress', 'CredentialReportNotReadyException']);
const MISSING = new Set([
  'ReportNotPresent',
  'ReportExpired',
  'CredentialReportNotPresentException',
  'CredentialReportExpiredException',
]);

/**
 * Generate (or reuse, when AWS has a fresh one) the credential report, then download it and keep what users need.
 * `signal` is the source's (its deadline, or the run's cancel): it aborts calls and waits.
 */
export async function fetchCredentialReport(
  client: IAMClient,
  ctx: ScanContext<AwsOptions>,
  signal: AbortSignal,
): Promise<HeldReport> {
  await client.send(new GenerateCredentialReportCommand({}), { abortSignal: signal });
  const deadline = Date.now() + ctx.options.reportWaitSeconds * 1000;
  let wait = 1000;
  for (;;) {
    try {
      return await oneReportAtATime(() => downloadReport(client, ctx, signal));
    } catch (error) {
      const code = errorCode(error);
      if (IN_PROGRESS.has(code ?? '')) {
        if (Date.now() + wait > deadline)
          throw notReady(`still being generated after ${ctx.options.reportWaitSeconds}s; scan again later`, code);
        await sleep(wait, signal);
        wait = Math.min(wait * 2, 10_000);
        continue;
      }
      if (!MISSING.has(code ?? '')) throw error;
      await client.send(new GenerateCredentialReportCommand({}), { abortSignal: signal });
      if (Date.now() + wait > deadline) throw notReady('could not be generated in time; scan again later', code);
      await sleep(wait, signal);
    }
  }
}

/** IAM kept answering that the report is not ready: the source fails (not skipped), naming the call and IAM's code. */
const notReady = (what: string, code: string | undefined) =>
  new VendorCallError(`the IAM credential report ${what}`, { call: 'iam:GetCredentialReport', vendorCode: code });

async function downloadReport(
  client: IAMClient,
  ctx: ScanContext<AwsOptions>,
  signal: AbortSignal,
): Promise<HeldReport> {
  const out = await client.send(new GetCredentialReportCommand({}), { abortSignal: signal });
  const content = out.Content;
  if (!content) throw new Error('GetCredentialReport returned no content');
  ctx.metrics.page();
  ctx.keepRaw('credential-report', {
    generatedTime: out.GeneratedTime,
    format: out.ReportFormat,
    get csv() {
      return Buffer.from(content).toString('utf8');
    },
  });
  return compactReport(content);
}

/**
 * Downloads (and parses) one account's credential report at a time in this process. The report arrives as one
 * base64 text node, and the SDK's XML parser builds such a node a character at a time: transiently ~50 bytes of
 * heap per byte of report (measured: ~650 MB for the 13 MB report of a 62k-user account, freed right after).
 * Accounts scanned in parallel would otherwise add those peaks up.
 */
let reportGate: Promise<unknown> = Promise.resolve();
function oneReportAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = reportGate.then(fn, fn);
  reportGate = run.catch(() => undefined);
  return run;
}

const errorCode = (e: unknown): string | undefined =>
  (e as { name?: string; Code?: string }).Code ?? (e as { name?: string }).name;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    // The signal's reason: a DeadlineError at the source's deadline, the run's own reason on cancel.
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * Keeps per user name only what the user transforms read (password use, MFA, key slots), with one shared empty
 * key list and shared region/service strings; the root row whole.
 */
function compactReport(content: Uint8Array): HeldReport {
  const rows = new Map<string, ReportUser>();
  const malformed: CredentialReportRow[] = [];
  let root: CredentialReportRow | undefined;
  const intern = interner();
  forEachCredentialReportRow(content, (r) => {
    // A row without its user or arn cannot be matched to an IAM user (or the account): quarantined by the scan.
    if (!r.user || !r.arn) {
      malformed.push(r);
      return;
    }
    if (r.isRoot) {
      root = r;
      return;
    }
    const keys: ReportKey[] =
      r.keys.length === 0
        ? NO_KEYS
        : r.keys.map((k) => ({
            ...k,
            lastUsedRegion: intern(k.lastUsedRegion),
            lastUsedService: intern(k.lastUsedService),
          }));
    rows.set(r.user, {
      passwordEnabled: r.passwordEnabled,
      passwordLastUsed: r.passwordLastUsed,
      mfaActive: r.mfaActive,
      keys,
      // Whether to ask ListSigningCertificates; almost every user has none (one shared empty list).
      certificates: r.certificates.length === 0 ? NO_CERTIFICATES : r.certificates,
    });
  });
  return { rows, root, malformed };
}
const NO_KEYS: ReportKey[] = [];
const NO_CERTIFICATES: CredentialReportRow['certificates'] = [];

function interner(): (v: string | null) => string | null {
  const strings = new Map<string, string>();
  return (v) => {
    if (v === null) return null;
    const hit = strings.get(v);
    if (hit !== undefined) return hit;
    strings.set(v, v);
    return v;
  };
}
