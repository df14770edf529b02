import { createHash } from 'node:crypto';
import { DAY_MS } from '../../lib/clock.js';
import { htmlText } from '../../lib/output-safety.js';
import type { Severity } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { nhiRatioText } from '../ownership/owned.js';
import { ownershipSummary } from '../ownership/queries.js';
import type { PeopleIndex } from '../ownership/people.js';
import { exposureText, type FixFirstIdentity, fixFirstIdentities, openFindingsBySeverity } from './fix-first.js';
import { productVersion } from './formats/product.js';
import { OWASP_NHI_IDS, OWASP_NHI_TOP10, type OwaspNhiId, type RuleMetadata } from './types.js';

export interface ReportData {
  generatedAt: string;
  version: string;
  identities: number;
  bySeverity: Array<{ severity: Severity; count: number }>;
  byOwasp: Array<{ owasp: OwaspNhiId; title: string; count: number }>;
  /** Per tenant, as `steward owners stats` counts it (ownershipSummary): identities against that tenant's active people. */
  ratio: Array<{ tenant: string; identities: number; people: number | null; ratio: number | null }>;
  /** Active people (ownershipSummary's basis) and the estate-wide NHI:human ratio: the figures `owners stats` prints. */
  people: number;
  nhiPerPerson: number | null;
  /** Identities an active person or a team owns (the one definition, src/analysis/ownership/queries.ts). */
  owned: number;
  credentialAges: Array<{ bucket: string; count: number }>;
  /** The first identities in fix-first order (src/analysis/risk/fix-first.ts). */
  topRisky: FixFirstIdentity[];
  orphans: Array<{ id: string; name: string; platform: string; reason: string }>;
  orphanCount: number;
  /** Per tenant: how complete the data behind this report is (its latest run, and its last complete one). */
  coverage: Array<{
    tenant: string;
    latest: string;
    latestAt: string;
    lastSucceededAt: string | null;
    incompleteSources: string[];
  }>;
  /** Detections raised by imported activity (src/monitoring), newest activity first; absent = none read. */
  detections?: Array<{
    severity: Severity;
    ruleId: string;
    actor: string;
    message: string;
    lastEventAt: string;
    eventCount: number;
    eventIds: string[];
  }>;
}

const ACTIVE = ['open', 'reopened'];
const AGE_BUCKETS: Array<[string, number]> = [
  ['< 30 d', 30],
  ['30-90 d', 90],
  ['90-180 d', 180],
  ['180 d-1 y', 365],
  ['1-2 y', 730],
  ['2-3 y', 1095],
  ['> 3 y', Infinity],
];

/** Gathers everything the HTML report shows with a handful of aggregate queries. */
export async function buildReportData(
  store: Store,
  pack: readonly RuleMetadata[],
  now: Date,
  options: { top?: number; orphans?: number; people: PeopleIndex },
): Promise<ReportData> {
  const summary = await ownershipSummary(store, options.people);
  return {
    generatedAt: now.toISOString(),
    version: productVersion(),
    identities: summary.overall.identities,
    bySeverity: await openFindingsBySeverity(store),
    byOwasp: await findingsByOwasp(store, pack),
    ratio: summary.tenants.map((t) => ({
      tenant: `${t.platform}:${t.tenant}`,
      identities: t.identities,
      people: t.activePeople,
      ratio: t.nhiPerPerson,
    })),
    people: summary.overall.activePeople ?? 0,
    nhiPerPerson: summary.overall.nhiPerPerson,
    owned: summary.overall.owned,
    credentialAges: await credentialAges(store, now),
    topRisky: await fixFirstIdentities(store, { limit: options.top ?? 25 }),
    orphans: await orphans(store, options.orphans ?? 200),
    orphanCount: summary.overall.orphans,
    coverage: await coverage(store),
    detections: await detections(store, 50),
  };
}

/** The newest detections from activity (`steward events import`), with the first ids of their events. */
async function detections(store: Store, limit: number): Promise<NonNullable<ReportData['detections']>> {
  const rows = await store.db
    .selectFrom('activity_detections')
    .select(['severity', 'rule_id', 'identity_id', 'actor', 'message', 'last_event_at', 'event_count', 'event_ids'])
    .orderBy('last_event_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    severity: r.severity as Severity,
    ruleId: r.rule_id,
    actor: r.identity_id ?? r.actor,
    message: r.message,
    lastEventAt: r.last_event_at,
    eventCount: r.event_count,
    eventIds: (JSON.parse(r.event_ids) as string[]).slice(0, 3),
  }));
}

/**
 * The latest run of every tenant and the sources it could not read completely, so a reader knows which numbers
 * rest on last-known data; a tenant whose scans never completed says so.
 */
async function coverage(store: Store): Promise<ReportData['coverage']> {
  const runs = await store.db
    .selectFrom('sync_runs')
    .select(['platform', 'tenant', 'scope', 'status', 'started_at', 'sources'])
    .where('status', '!=', 'running')
    .orderBy('started_at', 'desc')
    .execute();
  const byTenant = new Map<string, ReportData['coverage'][number]>();
  for (const r of runs) {
    const key = `${r.platform}:${r.tenant}`;
    let entry = byTenant.get(key);
    if (!entry) {
      const sources = JSON.parse(r.sources || '[]') as Array<{ source: string; status: string }>;
      entry = {
        tenant: key,
        latest: r.status,
        latestAt: r.started_at,
        lastSucceededAt: null,
        incompleteSources: sources
          .filter((s) => s.status !== 'complete' && s.status !== 'not-run')
          .map((s) => `${s.source} (${s.status})`),
      };
      byTenant.set(key, entry);
    }
    if (r.status === 'succeeded' && entry.lastSucceededAt === null) entry.lastSucceededAt = r.started_at;
  }
  return [...byTenant.values()].sort((a, b) => a.tenant.localeCompare(b.tenant));
}

async function findingsByOwasp(store: Store, pack: readonly RuleMetadata[]): Promise<ReportData['byOwasp']> {
  const rows = await store.db
    .selectFrom('findings')
    .select(['rule_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ACTIVE)
    .groupBy('rule_id')
    .execute();
  const owaspOf = new Map(pack.map((r) => [r.id, r.owasp]));
  const owasp = new Map<OwaspNhiId, number>();
  for (const r of rows) {
    const o = owaspOf.get(r.rule_id);
    if (o) owasp.set(o, (owasp.get(o) ?? 0) + Number(r.n));
  }
  return OWASP_NHI_IDS.map((o) => ({ owasp: o, title: OWASP_NHI_TOP10[o], count: owasp.get(o) ?? 0 }));
}

async function credentialAges(store: Store, now: Date): Promise<ReportData['credentialAges']> {
  const ages = new Map<string, number>(AGE_BUCKETS.map(([b]) => [b, 0]));
  let unknownAge = 0;
  const credRows = await store.db.selectFrom('credentials').select(['created_at']).where('enabled', '=', 1).execute();
  for (const r of credRows) {
    if (!r.created_at) {
      unknownAge++;
      continue;
    }
    const d = (now.getTime() - Date.parse(r.created_at)) / DAY_MS;
    const bucket = AGE_BUCKETS.find(([, max]) => d < max) ?? AGE_BUCKETS[AGE_BUCKETS.length - 1];
    ages.set(bucket[0], (ages.get(bucket[0]) ?? 0) + 1);
  }
  return [...[...ages].map(([bucket, count]) => ({ bucket, count })), { bucket: 'unknown', count: unknownAge }];
}

/** The first orphans (ownership's flag, as `owners stats` counts them) in platform, identity order. */
async function orphans(store: Store, limit: number): Promise<ReportData['orphans']> {
  const rows = await store.db
    .selectFrom('ownership as o')
    .innerJoin('identities as i', 'i.id', 'o.identity_id')
    .where('o.orphan', '=', 1)
    .where('i.gone_at', 'is', null)
    .select(['o.identity_id', 'i.name', 'i.platform', 'o.orphan_reason'])
    .orderBy('i.platform')
    .orderBy('o.identity_id')
    .limit(limit)
    .execute();
  return rows.map((o) => ({
    id: o.identity_id,
    name: o.name,
    platform: o.platform,
    reason: ORPHAN_REASON_TEXT[o.orphan_reason ?? ''] ?? 'no owner',
  }));
}

const ORPHAN_REASON_TEXT: Record<string, string> = {
  no_owner: 'no owner',
  owner_departed: 'owner departed',
  owner_disabled: 'owner disabled',
};

const SEVERITY_CLASS: Record<Severity, string> = { critical: 's4', high: 's3', medium: 's2', low: 's1', info: 's0' };

function topRiskyRow(t: FixFirstIdentity): string {
  const severity = t.openSeverity
    ? `<td class="score ${SEVERITY_CLASS[t.openSeverity]}">${esc(t.openSeverity)}</td>`
    : '<td>–</td>';
  return `<tr>${severity}<td><div class="name">${esc(t.name)}</div><div class="id">${esc(t.id)}</div></td><td>${esc(t.owner ?? '–')}</td><td>${esc(t.platform)}</td><td class="num">${t.openFindings}</td><td class="expl">${esc(exposureText(t.factors, t.exposure))}</td><td class="num">${t.score}</td><td class="expl">${esc(t.explanation)}</td></tr>`;
}

/** Every vendor field in the report goes through this: control and bidi characters shown, `& < > " '` escaped. */
const esc = htmlText;

/** The report's only stylesheet and script, inline; the CSP below admits exactly these by hash. */
const REPORT_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#b9c0cc}
main{padding:20px 28px;display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:18px}
section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:14px 18px}section.wide{grid-column:1/-1}
h2{font-size:15px;margin:0 0 10px}.kpis{display:flex;gap:28px;flex-wrap:wrap}.kpi b{display:block;font-size:24px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
th{font-weight:600;color:#555}.num{text-align:right;font-variant-numeric:tabular-nums}.id{color:#777;font-size:12px;word-break:break-all}
.expl{font-size:12px;color:#444}.score{font-weight:700}.s4{color:#8b0000}.s3{color:#d9480f}.s2{color:#b07d00}.s1,.s0{color:#4a7ab5}
.chart text{font-size:12px;fill:#333}input{padding:5px 8px;border:1px solid #ccd;border-radius:4px;width:280px;margin-bottom:8px}
`;
const REPORT_SCRIPT = `
document.getElementById('filter').addEventListener('input', function (e) {
  var q = e.target.value.toLowerCase();
  document.querySelectorAll('#top tbody tr').forEach(function (tr) { tr.style.display = tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none'; });
});
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * A strict Content-Security-Policy: nothing may load (no network, no images, no fonts, no frames, no forms), and
 * only the report's own inline style and script run, admitted by their SHA-256 — so a vendor field that escaped
 * `esc` still could not run script or style anything.
 */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${sha256(REPORT_STYLE)}`,
  `script-src ${sha256(REPORT_SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: '#8b0000',
  high: '#d9480f',
  medium: '#e8a317',
  low: '#4a7ab5',
  info: '#8a8f98',
};

/** A horizontal bar chart as inline SVG (no script, no network). */
export function barChart(
  rows: Array<{ label: string; value: number; colour?: string; hint?: string }>,
  options: { width?: number; unit?: string } = {},
): string {
  const width = options.width ?? 560;
  const labelW = Math.min(260, Math.max(80, ...rows.map((r) => r.label.length * 7 + 10)));
  const barH = 20;
  const gap = 6;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const h = rows.length * (barH + gap) + gap;
  const barsW = width - labelW - 70;
  const bars = rows
    .map((r, n) => {
      const y = gap + n * (barH + gap);
      const w = Math.round((r.value / max) * barsW);
      return `<g><title>${esc(r.hint ?? `${r.label}: ${r.value}`)}</title><text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${esc(r.label)}</text><rect x="${labelW}" y="${y}" width="${Math.max(w, r.value ? 2 : 0)}" height="${barH}" rx="3" fill="${r.colour ?? '#3b6ea5'}"/><text x="${labelW + w + 6}" y="${y + 14}">${r.value.toLocaleString('en-US')}${options.unit ?? ''}</text></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" class="chart">${bars}</svg>`;
}

/**
 * ONE self-contained offline HTML file: inline CSS, inline SVG charts, a few lines of inline JS for table filtering,
 * under a strict CSP (REPORT_CSP).
 */
function detectionRows(rows: NonNullable<ReportData['detections']>): string {
  return rows
    .map(
      (r) =>
        `<tr><td class="score ${SEVERITY_CLASS[r.severity]}">${esc(r.severity)}</td><td>${esc(r.ruleId)}</td><td><div class="id">${esc(r.actor)}</div></td><td>${esc(r.message)}</td><td>${esc(r.lastEventAt.slice(0, 16).replace('T', ' '))}</td><td class="num">${r.eventCount}</td><td><div class="id">${esc(r.eventIds.join(' '))}</div></td></tr>`,
    )
    .join('');
}

export function renderReportHtml(d: ReportData): string {
  const total = d.bySeverity.reduce((a, s) => a + s.count, 0);
  const ratioRows = d.ratio
    .map(
      (r) =>
        `<tr><td>${esc(r.tenant)}</td><td class="num">${r.identities.toLocaleString('en-US')}</td><td class="num">${r.people === null ? '–' : r.people.toLocaleString('en-US')}</td><td class="num">${esc(nhiRatioText(r.ratio))}</td></tr>`,
    )
    .join('');
  const topRows = d.topRisky.map(topRiskyRow).join('');
  const orphanRows = d.orphans
    .map(
      (o) =>
        `<tr><td><div class="name">${esc(o.name)}</div><div class="id">${esc(o.id)}</div></td><td>${esc(o.platform)}</td><td>${esc(o.reason)}</td></tr>`,
    )
    .join('');
  const coverageRows = d.coverage
    .map(
      (c) =>
        `<tr><td>${esc(c.tenant)}</td><td>${esc(c.latest)} (${esc(c.latestAt.slice(0, 16).replace('T', ' '))})</td><td>${c.lastSucceededAt ? esc(c.lastSucceededAt.slice(0, 16).replace('T', ' ')) : '<b>never completed</b>'}</td><td>${esc(c.incompleteSources.join(', ') || '–')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Steward NHI risk report</title>
<style>${REPORT_STYLE}</style></head><body>
<header><h1>Steward — non-human identity risk report</h1><p>Generated ${esc(d.generatedAt)} by Steward ${esc(d.version)}</p></header>
<main>
<section class="wide"><div class="kpis">
<div class="kpi"><b>${d.identities.toLocaleString('en-US')}</b>non-human identities</div>
<div class="kpi"><b>${d.people.toLocaleString('en-US')}</b>active people</div>
<div class="kpi"><b>${esc(nhiRatioText(d.nhiPerPerson))}</b>NHI : human</div>
<div class="kpi"><b>${d.owned.toLocaleString('en-US')}</b>owned identities</div>
<div class="kpi"><b>${total.toLocaleString('en-US')}</b>open findings</div>
<div class="kpi"><b>${d.orphanCount.toLocaleString('en-US')}</b>orphaned identities</div>
</div></section>
<section><h2>Open findings by severity</h2>${barChart(d.bySeverity.map((s) => ({ label: s.severity, value: s.count, colour: SEVERITY_COLOUR[s.severity] })))}</section>
<section><h2>Open findings by OWASP NHI Top 10 category</h2>${barChart(d.byOwasp.map((o) => ({ label: `${o.owasp.split(':')[0]} ${o.title}`, value: o.count, hint: `${o.owasp} ${o.title}: ${o.count}` })))}</section>
<section><h2>NHI : human ratio per tenant</h2><table><thead><tr><th>Tenant</th><th class="num">Identities</th><th class="num">Active people (same tenant)</th><th class="num">Ratio</th></tr></thead><tbody>${ratioRows || '<tr><td colspan="4">No identities.</td></tr>'}</tbody></table></section>
<section><h2>Age of enabled credentials</h2>${barChart(d.credentialAges.map((a) => ({ label: a.bucket, value: a.count, colour: a.bucket === 'unknown' ? '#8a8f98' : '#5b7f3a' })))}</section>
<section class="wide"><h2>Top risky identities (fix first)</h2><p>Ordered by the most severe open finding, then exposure = reach × privilege × credential age × usage, then risk score.</p><input id="filter" placeholder="Filter by name, id, owner or platform" aria-label="filter">
<table id="top"><thead><tr><th>Severity</th><th>Identity</th><th>Owner</th><th>Platform</th><th class="num">Open findings</th><th>Exposure</th><th class="num">Score</th><th>Why</th></tr></thead><tbody>${topRows || '<tr><td colspan="8">No scores yet (run a scan).</td></tr>'}</tbody></table></section>
<section class="wide"><h2>Orphaned identities (${d.orphanCount.toLocaleString('en-US')}${d.orphans.length < d.orphanCount ? `, first ${d.orphans.length} shown` : ''})</h2>
<table><thead><tr><th>Identity</th><th>Platform</th><th>Why</th></tr></thead><tbody>${orphanRows || '<tr><td colspan="3">None.</td></tr>'}</tbody></table></section>
<section class="wide"><h2>Detections from activity (newest first)</h2><p>Raised by imported activity logs (<code>steward events import</code>); each lists the first ids of its events.</p>
<table><thead><tr><th>Severity</th><th>Detection</th><th>Actor</th><th>What</th><th>Last event</th><th class="num">Events</th><th>Event ids</th></tr></thead><tbody>${detectionRows(d.detections ?? []) || '<tr><td colspan="7">None (no activity imported, or nothing detected).</td></tr>'}</tbody></table></section>
<section class="wide"><h2>Scan coverage</h2><p>Data of sources a run could not read completely is last-known (kept, not removed).</p>
<table><thead><tr><th>Tenant</th><th>Latest run</th><th>Last complete run</th><th>Sources not read completely</th></tr></thead><tbody>${coverageRows || '<tr><td colspan="4">No scans yet.</td></tr>'}</tbody></table></section>
</main>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
