import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderReportHtml, type ReportData } from './report.js';

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&\u001b]0;pwned\u0007\u202efdp.exe\u0000`;

function data(name = HOSTILE): ReportData {
  return {
    generatedAt: '2026-12-01T00:00:00.000Z',
    version: '1.2.3',
    identities: 2,
    bySeverity: [{ severity: 'high', count: 1 }],
    byOwasp: [{ owasp: 'NHI1:2025', title: 'Improper Offboarding', count: 1 }],
    ratio: [{ tenant: `github:${name}`, identities: 2, people: 1, ratio: 2 }],
    people: 1,
    nhiPerPerson: 2,
    owned: 1,
    credentialAges: [{ bucket: '< 30 d', count: 1 }],
    topRisky: [
      {
        id: `github:acme:app:${name}`,
        name,
        platform: 'github',
        tenant: 'acme',
        score: 90,
        explanation: name,
        openSeverity: 'critical',
        openFindings: 1,
        exposure: 144,
        factors: { reach: 3, privilege: 4, credentialAge: 4, usage: 3 },
        owner: `${name}@example.com`,
      },
    ],
    orphans: [{ id: 'github:acme:app:2', name, platform: 'github', reason: 'no owner' }],
    orphanCount: 1,
    coverage: [
      {
        tenant: `github:${name}`,
        latest: 'partial',
        latestAt: '2026-12-01T00:00:00.000Z',
        lastSucceededAt: null,
        incompleteSources: [`pat-grants (skipped) ${name}`],
      },
    ],
    detections: [
      {
        severity: 'high',
        ruleId: 'activity-sensitive-operation',
        actor: `arn:aws:iam::111122223333:user/${name}`,
        message: `${name} did iam:CreateAccessKey on alice`,
        lastEventAt: '2026-12-01T10:05:00.000Z',
        eventCount: 2,
        eventIds: ['e1', 'e2'],
      },
    ],
  } as ReportData;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('HTML report', () => {
  const html = renderReportHtml(data());

  it('says which tenants rest on incomplete data, and which never completed a scan', () => {
    const html = renderReportHtml(data('acme'));
    expect(html).toContain('<h2>Scan coverage</h2>');
    expect(html).toContain('<td>github:acme</td><td>partial (2026-12-01 00:00)</td><td><b>never completed</b></td>');
    expect(html).toContain('pat-grants (skipped) acme');
  });

  it('lists detections from activity with their event ids', () => {
    const html = renderReportHtml(data('deploy-bot'));
    expect(html).toContain('<h2>Detections from activity (newest first)</h2>');
    expect(html).toContain(
      '<tr><td class="score s3">high</td><td>activity-sensitive-operation</td><td><div class="id">arn:aws:iam::111122223333:user/deploy-bot</div></td><td>deploy-bot did iam:CreateAccessKey on alice</td><td>2026-12-01 10:05</td><td class="num">2</td><td><div class="id">e1 e2</div></td></tr>',
    );
    expect(renderReportHtml({ ...data(), detections: [] })).toContain(
      'None (no activity imported, or nothing detected).',
    );
  });

  it('carries a strict CSP first in <head>, admitting only its own inline style and script by hash', () => {
    const csp = /<head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(
      html,
    );
    expect(csp).not.toBeNull();
    const directives = (csp?.[1] ?? '').split('; ');
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(directives).toEqual([
      "default-src 'none'",
      `style-src ${sha256(styles[0])}`,
      `script-src ${sha256(scripts[0])}`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  it('stays one offline file: no external resource, no style attribute, no inline event handler', () => {
    const html = renderReportHtml(data('deploy-bot'));
    expect(html).not.toMatch(/\s(src|href|action)=/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/);
  });

  it('escapes every vendor field: markup, control and bidi characters; NUL removed', () => {
    const shown =
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;\\x1b]0;pwned\\x07\\u202efdp.exe';
    expect(html).toContain(`<div class="name">${shown}</div>`);
    expect(html).toContain(`<div class="id">github:acme:app:${shown}</div>`);
    expect(html).toContain(`<td class="expl">${shown}</td>`);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
