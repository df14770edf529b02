import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../testing/cli.js';
import { nhiRatioText, type OwnershipSummary } from '../../analysis/ownership/index.js';

/**
 * One definition of people, owned and orphaned (src/analysis/ownership/owned.ts): on the demo estate, the HTML
 * report and `owners stats` print the same figures.
 */
const dir = mkdtempSync(join(tmpdir(), 'steward-figures-'));
const store = join(dir, 'demo.db');
let stats: OwnershipSummary;
let html: string;

/** The number in a report KPI box: `<div class="kpi"><b>1,234</b>label</div>`. */
function kpi(label: string): string {
  const m = new RegExp(`<div class="kpi"><b>([^<]+)</b>${label}</div>`).exec(html);
  if (!m) throw new Error(`no KPI "${label}" in the report`);
  return m[1].replaceAll(',', '');
}

beforeAll(async () => {
  const demo = await runCli(['--store', store, 'demo', '--size', '150', '--seed', '11']);
  if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  stats = JSON.parse((await runCli(['--store', store, 'owners', 'stats', '--format', 'json'])).stdout);
  const report = await runCli(['--store', store, 'report', '--html', join(dir, 'r.html')]);
  if (report.code !== 0) throw new Error(`report failed: ${report.stderr}`);
  html = readFileSync(join(dir, 'r.html'), 'utf8');
}, 180_000);

describe('report and owners stats agree on the demo estate', () => {
  it('counts the same identities, active people, owned, orphans and ratio', () => {
    expect(stats.overall.activePeople).toBeGreaterThan(0);
    expect(stats.overall.orphans).toBeGreaterThan(0);
    expect(kpi('non-human identities')).toBe(String(stats.overall.identities));
    expect(kpi('active people')).toBe(String(stats.overall.activePeople));
    expect(kpi('owned identities')).toBe(String(stats.overall.owned));
    expect(kpi('orphaned identities')).toBe(String(stats.overall.orphans));
    expect(kpi('NHI : human')).toBe(nhiRatioText(stats.overall.nhiPerPerson));
  });

  it('never counts an identity whose owner departed as owned', () => {
    expect(stats.overall.owned + stats.overall.orphans + stats.overall.ownerUnverified).toBe(
      stats.overall.identities - stats.overall.notComputed,
    );
  });

  it('shows the same per-tenant ratio rows', () => {
    for (const t of stats.tenants)
      expect(html).toContain(
        `<tr><td>${t.platform}:${t.tenant}</td><td class="num">${t.identities.toLocaleString('en-US')}</td>`,
      );
  });
});

describe('fix first on the demo estate', () => {
  const criticalIdentities = async () => {
    const out = await runCli(['--store', store, 'findings', '--severity-min', 'critical', '--format', 'json']);
    return [...new Set((JSON.parse(out.stdout) as Array<{ identityId: string }>).map((f) => f.identityId))];
  };

  it("the report's top risky identities start with every identity that has an open critical finding", async () => {
    const critical = await criticalIdentities();
    expect(critical.length).toBeGreaterThan(1);
    const top = html.slice(html.indexOf('<table id="top">'));
    const ids = [...top.slice(0, top.indexOf('</table>')).matchAll(/<div class="id">([^<]+)<\/div>/g)].map((m) => m[1]);
    const shown = Math.min(critical.length, ids.length);
    expect(new Set(ids.slice(0, shown))).toEqual(new Set(critical.slice(0, shown)));
  });

  it('findings --limit N returns the N to fix first, critical ones included', async () => {
    const critical = await criticalIdentities();
    const limited = await runCli(['--store', store, 'findings', '--limit', '3', '--format', 'json']);
    const rows = JSON.parse(limited.stdout) as Array<{ severity: string }>;
    expect(rows).toHaveLength(3);
    expect(rows[0].severity).toBe('critical');
    if (critical.length >= 3) expect(rows.every((r) => r.severity === 'critical')).toBe(true);
  });
});
