import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCOPE_MAP, scopeTier, shortScope } from '../connector/scopes.js';
import { SCOPES } from './catalogue.js';

/**
 * The estate labels from its own catalogue (./catalogue.ts), never from connector code; this test is where the two
 * views meet. Every scope the estate grants must be rated alike; each accepted difference is listed with its reason.
 * Not compared: the connector's table entries the estate never grants, and its fallbacks for unknown scopes.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // none today: a line here is `'https://www.googleapis.com/auth/x': 'why the estate rates it differently'`.
};

const tier = (t: { access: string; sensitivity: string; pathToAdmin: boolean }) => ({
  access: t.access,
  sensitivity: t.sensitivity,
  pathToAdmin: t.pathToAdmin,
});

describe('Google estate catalogue agrees with the connector', () => {
  it('rates every scope the estate grants as the connector does, each one from the table (not a fallback)', () => {
    const compared = Object.entries(SCOPES).filter(([scope]) => !(scope in KNOWN_DIFFERENCES));
    expect(compared.length).toBeGreaterThan(15);
    for (const [scope, fact] of compared) {
      expect(shortScope(scope) in SCOPE_MAP, scope).toBe(true);
      expect({ scope, ...tier(scopeTier(scope)) }).toEqual({ scope, ...tier(fact) });
    }
  });

  it('rates admin access only for Admin SDK scopes, in both tables', () => {
    for (const [scope, fact] of Object.entries(SCOPES))
      if (fact.access === 'admin') expect(shortScope(scope).startsWith('admin.'), scope).toBe(true);
    for (const [scope, t] of Object.entries(SCOPE_MAP))
      if (t.access === 'admin')
        expect(scope.startsWith('admin.') || scope === 'apps.groups.settings', scope).toBe(true);
  });
});

describe('Google estate independence', () => {
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
