import type { AwsAccessKey, AwsAccount, AwsSigningCertificate } from '../estate/types.js';
import { type ActionFn, enc, IamError } from './account.js';

/** The IAM credential report CSV, columns in AWS's documented order. Dates as ISO with "+00:00". */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const date = (iso: string | null | undefined) =>
  iso ? new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00') : 'N/A';

function keyColumns(k: AwsAccessKey | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    String(k.status === 'Active'),
    date(k.createDate),
    date(k.lastUsedDate),
    k.lastUsedDate ? k.lastUsedRegion : 'N/A',
    k.lastUsedDate ? k.lastUsedService : 'N/A',
  ];
}

function certificateColumns(c: AwsSigningCertificate | undefined): string[] {
  return c ? [String(c.status === 'Active'), date(c.uploadDate)] : ['false', 'N/A'];
}

/** Key 1 is the older key, key 2 the newer (by creation time). */
const ordered = (keys: AwsAccessKey[]) =>
  [...keys].sort((a, b) => (a.createDate < b.createDate ? -1 : a.createDate > b.createDate ? 1 : 0));

export function credentialReportCsv(account: AwsAccount): string {
  const lines: string[] = [CREDENTIAL_REPORT_COLUMNS.join(',')];
  const root = account.root;
  const rk = ordered(root.accessKeys);
  lines.push(
    [
      '<root_account>',
      `arn:aws:iam::${account.accountId}:root`,
      date(root.createDate),
      'not_supported',
      root.passwordLastUsed ? date(root.passwordLastUsed) : 'no_information',
      'not_supported',
      'not_supported',
      String(root.mfaActive),
      ...keyColumns(rk[0]),
      ...keyColumns(rk[1]),
      'false',
      'N/A',
      'false',
      'N/A',
    ].join(','),
  );
  for (const u of account.users) {
    const keys = ordered(u.accessKeys);
    lines.push(
      [
        u.userName,
        `arn:aws:iam::${account.accountId}:user${u.path}${u.userName}`,
        date(u.createDate),
        String(u.password !== null),
        u.password ? (u.password.lastUsed ? date(u.password.lastUsed) : 'no_information') : 'N/A',
        u.password ? date(u.password.lastChanged) : 'N/A',
        'N/A',
        String(u.mfaActive),
        ...keyColumns(keys[0]),
        ...keyColumns(keys[1]),
        ...certificateColumns(u.signingCertificates[0]),
        ...certificateColumns(u.signingCertificates[1]),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** GenerateCredentialReport (a report is reused for four hours, like AWS) and GetCredentialReport. */
export const CREDENTIAL_REPORT_ACTIONS: Record<string, ActionFn> = {
  GenerateCredentialReport: (v, _p, control, data) => {
    const now = Date.now();
    // A report is reused for four hours, like AWS; a newer request starts a new one.
    if (v.report && now - v.report.startedAt < 4 * 3600_000) {
      return { State: now - v.report.startedAt >= control.reportDelayMs ? 'COMPLETE' : 'INPROGRESS' };
    }
    v.report = {
      startedAt: now,
      content: credentialReportCsv(v.account),
      generatedTime: data.now.replace(/\.\d{3}Z$/, 'Z'),
    };
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  },
  GetCredentialReport: (v, _p, control) => {
    if (!v.report)
      throw new IamError(
        410,
        'ReportNotPresent',
        'Credential report not present. Use GenerateCredentialReport to generate a credential report.',
      );
    if (Date.now() - v.report.startedAt < control.reportDelayMs)
      throw new IamError(404, 'ReportInProgress', 'Credential report is being generated.');
    return { Content: enc(v.report.content), ReportFormat: 'text/csv', GeneratedTime: v.report.generatedTime };
  },
};
