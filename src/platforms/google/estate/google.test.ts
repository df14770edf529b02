import { describe, expect, it } from 'vitest';
import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { googleRisks, WIDELY_GRANTED_USERS } from '../risks.js';
import { allocate, googleGenerator } from './generate.js';
import { isHigh } from './catalogue.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');
const RISK_IDS = new Set([...RISK_CATALOGUE, ...googleRisks].map((r) => r.id));
const WORKSPACE_RISKS = [
  'google-oauth-client-high-scopes-widely-granted',
  'google-oauth-client-unregistered',
  'google-dwd-broad-scopes',
  'google-dwd-unknown-client',
];

function generate(count: number, seed = 5) {
  const org = generateOrg(new Random(seed), Math.max(8, Math.round(count / 20)), NOW);
  return googleGenerator.generate({ org, rng: new Random(seed * 31), count, now: NOW, earlier: {} });
}

const workspace = (labels: IdentityLabel[]) =>
  labels.filter((l) => l.id.includes(':oauth_client:') || l.id.includes(':dwd_client:'));

describe('Google estate generator (Workspace part)', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(generate(200, 9))).toBe(JSON.stringify(generate(200, 9)));
    expect(JSON.stringify(generate(200, 10).identities)).not.toBe(JSON.stringify(generate(200, 9).identities));
  });

  it('allocates clients and delegation from the smallest estate on, within the count', () => {
    for (const n of [1, 10, 57, 300, 100_000]) {
      const a = allocate(n);
      expect(Math.min(a.clients, a.delegation)).toBeGreaterThanOrEqual(2);
      expect(a.cloud + a.clients + a.delegation).toBe(Math.max(10, n));
    }
  });

  it('labels every served OAuth client and every delegation still in force, once, with known risk ids', () => {
    const { data, identities } = generate(600);
    const labels = workspace(identities);
    const clients = new Set(
      Object.values(data.tokens)
        .flat()
        .map((t) => `google:${data.tenant}:oauth_client:${t.clientId}`),
    );
    const removed = new Set(
      data.adminEvents
        .filter((a) => a.events?.[0]?.name === 'REMOVE_API_CLIENT_ACCESS')
        .map((a) => a.events?.[0]?.parameters?.[0]?.value),
    );
    expect(
      labels
        .filter((l) => l.id.includes(':oauth_client:'))
        .map((l) => l.id)
        .sort(),
    ).toEqual([...clients].sort());
    expect(labels.filter((l) => removed.has(l.id.split(':')[3]))).toEqual([]);
    expect(new Set(labels.map((l) => l.id)).size).toBe(labels.length);
    for (const l of labels) for (const r of l.risks) expect(RISK_IDS.has(r), r).toBe(true);
  });

  it('plants every Workspace risk, and the widely-granted one exactly where the definition says', () => {
    const { data, identities } = generate(600);
    const labels = workspace(identities);
    for (const r of WORKSPACE_RISKS) expect(labels.filter((l) => l.risks.includes(r)).length, r).toBeGreaterThan(0);
    const grantors = new Map<string, number>();
    const scopes = new Map<string, string[]>();
    for (const t of Object.values(data.tokens).flat()) {
      grantors.set(String(t.clientId), (grantors.get(String(t.clientId)) ?? 0) + 1);
      scopes.set(String(t.clientId), t.scopes ?? []);
    }
    for (const l of labels.filter((x) => x.id.includes(':oauth_client:'))) {
      const id = l.id.split(':')[3];
      const want = (grantors.get(id) ?? 0) >= WIDELY_GRANTED_USERS && (scopes.get(id) ?? []).some(isHigh);
      expect(l.risks.includes('google-oauth-client-high-scopes-widely-granted'), l.id).toBe(want);
    }
  });

  it('labels a delegation an unknown client exactly when no generated service account has its client id', () => {
    const { identities, edges } = generate(600);
    const delegated = new Set((edges ?? []).filter((e) => e.kind === 'delegated_to').map((e) => e.from));
    const dwd = workspace(identities).filter((l) => l.id.includes(':dwd_client:'));
    expect(delegated.size).toBeGreaterThan(0);
    expect(dwd.length).toBeGreaterThan(delegated.size);
    for (const l of dwd) expect(l.risks.includes('google-dwd-unknown-client'), l.id).toBe(!delegated.has(l.id));
  });

  it('serves Reports events newest first, and every token event names a served client', () => {
    const { data } = generate(300);
    const times = data.tokenEvents.map((a) => String(a.id?.time));
    expect(times).toEqual([...times].sort().reverse());
    const served = new Set(
      Object.values(data.tokens)
        .flat()
        .map((t) => t.clientId),
    );
    for (const a of data.tokenEvents) expect(served.has(a.events?.[0]?.parameters?.[0]?.value)).toBe(true);
  });

  it("writes each client's Reports history without a silence of 30 days (only planted activity reawakens one)", () => {
    const { data, identities } = generate(300);
    const byClient = new Map<string, number[]>();
    for (const a of data.tokenEvents) {
      const client = String(a.events?.[0]?.parameters?.[0]?.value);
      byClient.set(client, [...(byClient.get(client) ?? []), Date.parse(String(a.id?.time))]);
    }
    expect(byClient.size).toBeGreaterThan(20);
    for (const [client, times] of byClient) {
      const sorted = times.sort((x, y) => x - y);
      const longest = Math.max(0, ...sorted.slice(1).map((t, i) => t - sorted[i]));
      expect(longest / 86_400_000, client).toBeLessThan(30);
      // The last use is still the label's.
      const label = identities.find((l) => l.id.endsWith(`:oauth_client:${client}`));
      expect(new Date(sorted[sorted.length - 1]).toISOString(), client).toBe(label?.lastUsedAt);
    }
  });
});
