import { stringify } from 'csv-stringify/sync';
import { csvCell, htmlText } from '../../lib/output-safety.js';
import type { ReviewCampaign } from './campaign.js';
import type { ReviewTask } from './tasks.js';

export interface ReviewTotals {
  tasks: number;
  keep: number;
  revoke: number;
  reassign: number;
  undecided: number;
  /** Attested after the deadline. */
  late: number;
  escalated: number;
}

export function reviewTotals(campaign: ReviewCampaign, tasks: ReviewTask[]): ReviewTotals {
  const count = (p: (t: ReviewTask) => boolean) => tasks.filter(p).length;
  return {
    tasks: tasks.length,
    keep: count((t) => t.decision === 'keep'),
    revoke: count((t) => t.decision === 'revoke'),
    reassign: count((t) => t.decision === 'reassign'),
    undecided: count((t) => t.decision === null),
    late: count((t) => !!t.attestedAt && t.attestedAt > campaign.deadline),
    escalated: count((t) => !!t.escalatedAt),
  };
}

/** A task's status in words: decided, overdue (undecided past the deadline) or open. */
export function taskStatus(campaign: ReviewCampaign, task: ReviewTask, now: Date): string {
  if (task.decision) return task.attestedAt && task.attestedAt > campaign.deadline ? 'decided late' : 'decided';
  if (campaign.status === 'closed') return 'no decision';
  return now.toISOString() > campaign.deadline ? 'overdue' : 'open';
}

const COLUMNS = [
  'identity',
  'name',
  'platform',
  'tenant',
  'owner',
  'assignee',
  'status',
  'decision',
  'reassign to',
  'reason',
  'attested by',
  'attested at',
  'escalated to',
] as const;

function cells(campaign: ReviewCampaign, t: ReviewTask, now: Date): Array<string | null> {
  return [
    t.identityId,
    t.identityName,
    t.platform,
    t.tenant,
    t.owner ?? (t.orphanReason ? `none (${t.orphanReason})` : null),
    t.assignee,
    taskStatus(campaign, t, now),
    t.decision,
    t.reassignTo,
    t.reason,
    t.attestedBy,
    t.attestedAt,
    t.escalatedTo,
  ];
}

/** The completion report as CSV: one row per task, then the totals; every vendor-supplied cell neutralised. */
export function reviewCsv(campaign: ReviewCampaign, tasks: ReviewTask[], now: Date): string {
  const totals = reviewTotals(campaign, tasks);
  const rows: Array<Array<string | number | null>> = [
    [...COLUMNS],
    ...tasks.map((t) => cells(campaign, t, now)),
    [],
    ['totals', ...Object.keys(totals)],
    ['', ...Object.values(totals)],
  ];
  return stringify(rows.map((r) => r.map((c) => csvCell(c))));
}

/** The completion report as one self-contained HTML page (no script; every value escaped). */
export function reviewHtml(campaign: ReviewCampaign, tasks: ReviewTask[], now: Date): string {
  const totals = reviewTotals(campaign, tasks);
  const td = (v: unknown) => `<td>${v === null || v === undefined ? '' : htmlText(v)}</td>`;
  const body = tasks.map((t) => `<tr>${cells(campaign, t, now).map(td).join('')}</tr>`).join('\n');
  const totalsRow = Object.entries(totals)
    .map(([k, v]) => `<li>${htmlText(k)}: <b>${v}</b></li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Access review ${htmlText(campaign.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
</head><body>
<h1>Access review ${htmlText(campaign.name)}</h1>
<p>${htmlText(campaign.id)} · ${htmlText(campaign.status)} · started ${htmlText(campaign.createdAt)} by ${htmlText(campaign.createdBy)} · deadline ${htmlText(campaign.deadline)}${campaign.closedAt ? ` · closed ${htmlText(campaign.closedAt)} by ${htmlText(campaign.closedBy)}` : ''}</p>
<ul>${totalsRow}</ul>
<table><thead><tr>${COLUMNS.map((c) => `<th>${htmlText(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
</body></html>
`;
}
