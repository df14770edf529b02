import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCOPE_TIERS, scopeTier } from '../connector/permission-map.js';
import { SCOPES } from './catalogue.js';

/**
 * The estate labels from its own catalogue (./catalogue.ts), never from connector code; this test is where the two
 * views meet. Every scope the estate grants must be rated alike; each accepted difference is listed with its reason.
 *
 * Not compared: the connector's table entries the estate never grants (remote_files:read, search:read's siblings,
 * Slack Connect scopes, pins, dnd) and its fallbacks for names outside its table.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // none today: a line here is `'x:read': 'why the estate rates it differently'`.
};

const tier = (t: { access: string; sensitivity: string; pathToAdmin: boolean }) => ({
  access: t.access,
  sensitivity: t.sensitivity,
  pathToAdmin: t.pathToAdmin,
});

describe('Slack estate catalogue agrees with the connector', () => {
  it('rates every scope the estate grants as the connector does', () => {
    const compared = Object.entries(SCOPES).filter(([scope]) => !(scope in KNOWN_DIFFERENCES));
    expect(compared.length).toBeGreaterThan(25);
    for (const [scope, fact] of compared)
      expect({ scope, ...tier(scopeTier(scope)) }).toEqual({ scope, ...tier(fact) });
  });

  it('knows every admin scope of the connector table it grants as admin, and rates no other admin', () => {
    const estateAdmin = Object.entries(SCOPES)
      .filter(([, f]) => f.access === 'admin')
      .map(([s]) => s);
    for (const scope of estateAdmin) expect(scope === 'admin' || scope.startsWith('admin.'), scope).toBe(true);
    const tableAdmin = Object.entries(SCOPE_TIERS)
      .filter(([, t]) => t.access === 'admin')
      .map(([s]) => s);
    expect(tableAdmin.filter((s) => s in SCOPES)).toEqual(['admin']);
  });
});

describe('Slack estate independence', () => {
  it('imports nothing from connector/, rules/ (of any platform) or src/sync outside this test', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(6);
    for (const file of sources) {
      const imports = [...readFileSync(join(here, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const path of imports) expect(path, `${file} imports ${path}`).not.toMatch(/\/(connector|rules|sync)\//);
    }
  });
});
