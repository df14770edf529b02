import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { cloudRisks } from '../risks-cloud.js';
import { generateCloud } from './cloud.js';
import { createContext } from './context.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');

function make(seed: number, count: number) {
  const rng = new Random(seed);
  const c = createContext(generateOrg(rng, 60, NOW), rng, NOW);
  const data = generateCloud(c, count);
  return { c, data };
}

describe('Google Cloud estate generator', () => {
  it('is deterministic per seed', () => {
    expect(JSON.stringify(make(3, 300).data)).toBe(JSON.stringify(make(3, 300).data));
    expect(JSON.stringify(make(3, 300).data)).not.toBe(JSON.stringify(make(4, 300).data));
  });

  it('labels one identity per service account and provider, and hands every account to delegation', () => {
    const { c, data } = make(11, 400);
    const accounts = Object.values(data.serviceAccounts).flat();
    const providers = Object.values(data.providers).flat();
    expect(c.labels.length).toBe(400);
    expect(accounts.length + providers.length).toBe(400);
    expect(providers.length).toBe(20);
    expect(c.serviceAccountClients.map((s) => s.email).sort()).toEqual(accounts.map((a) => a.email).sort());
    expect(new Set(c.labels.map((l) => l.id)).size).toBe(400);
  });

  it('plants every Cloud risk in a 400-NHI estate', () => {
    const { c } = make(11, 400);
    for (const risk of cloudRisks)
      expect(c.labels.filter((l) => l.risks.includes(risk.id)).length, risk.id).toBeGreaterThan(0);
  });

  it('each project has a Compute Engine default account first, and keys only on user-created accounts', () => {
    const { data } = make(5, 200);
    for (const [project, accounts] of Object.entries(data.serviceAccounts)) {
      const number = data.projects.find((p) => p.projectId === project)?.name?.replace('projects/', '');
      expect(accounts[0].email).toBe(`${number}-compute@developer.gserviceaccount.com`);
      for (const a of accounts.filter((x) => !x.email?.endsWith('.iam.gserviceaccount.com')))
        expect(data.keys[a.email as string]).toEqual([]);
    }
  });

  it('Policy Analyzer days end at 07:00Z and never lie in the future', () => {
    const { data } = make(5, 200);
    const times = Object.values(data.activities).flatMap((a) =>
      Object.values(a)
        .flat()
        .map((x) => x.activity.lastAuthenticatedTime),
    );
    expect(times.length).toBeGreaterThan(50);
    for (const t of times) {
      expect(t.slice(11)).toBe('07:00:00Z');
      expect(Date.parse(t)).toBeLessThanOrEqual(NOW.getTime());
    }
  });
});
