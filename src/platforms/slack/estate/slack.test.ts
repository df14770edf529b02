import { describe, expect, it } from 'vitest';
import { generateEstate, type IdentityLabel } from '../../../emulation/estate/index.js';
import { BUILTIN_RISKS } from '../../registry.js';
import { allocate } from './generate.js';
import type { SlackEstateData } from './types.js';

const RISK_IDS = new Set(BUILTIN_RISKS.map((r) => r.id));
const SLACK_RISKS = [
  'slack-third-party-app-sensitive-scopes',
  'slack-bot-token-admin-scopes',
  'slack-app-request-pending',
];
/** Generic risks the Slack data is meant to carry. */
const GENERIC = [
  'nhi-no-owner',
  'nhi-owner-departed',
  'nhi-admin-privilege',
  'third-party-high-risk-scopes',
  'unverified-publisher',
];
const slack = (size: number, seed = 5) => generateEstate({ platforms: ['slack'], size, seed });

function riskCounts(labels: IdentityLabel[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of labels) for (const r of l.risks) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

describe('Slack estate generator', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await slack(120, 9);
    expect(JSON.stringify(a.platforms.slack)).toBe(JSON.stringify((await slack(120, 9)).platforms.slack));
    expect(a.labels.identities).toEqual((await slack(120, 9)).labels.identities);
    expect(JSON.stringify((await slack(120, 10)).labels)).not.toBe(JSON.stringify(a.labels));
  });

  it('allocates every list from the smallest estate on', () => {
    for (const n of [1, 10, 57, 300, 100_000]) {
      const a = allocate(n);
      expect(Math.min(a.approved, a.restricted, a.requests)).toBeGreaterThanOrEqual(1);
      expect(a.approved + a.restricted + a.requests).toBeLessThanOrEqual(Math.max(6, n));
    }
  });

  it('labels every served NHI once (apps, requests, bot users; not Slackbot or people) with known risk ids', async () => {
    const e = await slack(400);
    const data = e.platforms.slack as SlackEstateData;
    const labels = e.labels.identities.filter((l) => l.platform === 'slack');
    const served = [
      ...[...data.approvedApps, ...data.restrictedApps].map((a) => `slack:${data.orgName}:app:${a.app.id}`),
      ...data.requests.map((r) => `slack:${data.orgName}:app_request:${r.id}`),
      ...data.users.filter((u) => u.is_bot).map((u) => `slack:${data.orgName}:bot:${u.id}`),
    ];
    expect(labels.map((l) => l.id).sort()).toEqual(served.sort());
    expect(new Set(served).size).toBe(served.length);
    for (const l of labels) for (const r of l.risks) expect(RISK_IDS.has(r), r).toBe(true);
    expect(data.bots.map((b) => b.user_id).sort()).toEqual(
      data.users
        .filter((u) => u.is_bot)
        .map((u) => u.id)
        .sort(),
    );
  });

  it('plants every Slack risk and the generic ones the data carries, on a realistic share', async () => {
    const e = await slack(400);
    const labels = e.labels.identities.filter((l) => l.platform === 'slack');
    const counts = riskCounts(labels);
    for (const r of [...SLACK_RISKS, ...GENERIC]) expect(counts.get(r) ?? 0, r).toBeGreaterThan(0);
    expect((counts.get('slack-bot-token-admin-scopes') ?? 0) / labels.length).toBeLessThan(0.1);
  });

  it('labels apps whose installer (audit log) or else approver has left with nhi-owner-departed; bots have no owner', async () => {
    const e = await slack(400);
    const data = e.platforms.slack as SlackEstateData;
    const deleted = new Set(data.users.filter((u) => u.deleted).map((u) => u.id));
    const installer = new Map<string, string>();
    for (const x of [...data.auditLogs].reverse())
      if (x.action === 'app_installed') installer.set(x.entity.app.id, x.actor.user.id);
    const byId = new Map(e.labels.identities.map((l) => [l.id, l]));
    let departed = 0;
    for (const a of data.approvedApps) {
      const owner = installer.get(a.app.id) ?? a.last_resolved_by?.actor_id;
      const risks = byId.get(`slack:${data.orgName}:app:${a.app.id}`)?.risks ?? [];
      expect(risks.includes('nhi-owner-departed'), a.app.id).toBe(owner !== undefined && deleted.has(owner));
      if (owner && deleted.has(owner)) departed++;
    }
    expect(departed).toBeGreaterThan(0);
    expect(installer.size).toBeGreaterThan(data.approvedApps.length / 2);
    for (const l of e.labels.identities.filter((x) => x.kind === 'bot')) expect(l.owner).toBeNull();
  });
});
