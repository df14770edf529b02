import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ROLE_TIERS,
  roleName as connectorRoleName,
  roleTier,
  SCOPE_TIERS,
  scopeTier,
} from '../connector/permission-map.js';
import { CLIENT_USAGE_FILTER, TOKEN_USAGE_FILTER } from '../connector/usage.js';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { objectGetter, parseFilter } from '../emulator/filter.js';
import { Renderer } from '../emulator/render.js';
import { ADMIN_SCOPES, ROLES, roleName, SCOPES, TOKEN_GRANT_EVENTS } from './catalogue.js';
import { oktaGenerator } from './generate.js';

/**
 * The estate labels from its own catalogue (./catalogue.ts), never from connector code; this test is where the two
 * views meet. Every entry both know must agree; each accepted difference is listed with its reason.
 *
 * Not compared (the estate has no opinion on them, it never hands them out):
 * - the connector's low-tier reads the estate does not grant (okta.brands.read, okta.templates.read,
 *   okta.emailDomains.read, okta.userTypes.read, okta.linkedObjects.read) and its fallbacks for names outside its
 *   table (`okta.*.manage` → write/high, other scopes → read/medium);
 * - role types the estate never assigns (CUSTOM and newer IAM-based roles: the connector's write/medium fallback).
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // none today: a line here is `'okta.x.read': 'why the estate rates it differently'`.
};

const tier = (t: { access: string; sensitivity: string; pathToAdmin: boolean }) => ({
  access: t.access,
  sensitivity: t.sensitivity,
  pathToAdmin: t.pathToAdmin,
});

describe('Okta estate catalogue agrees with the connector', () => {
  it('rates every scope the estate grants as the connector does', () => {
    const compared = Object.entries(SCOPES).filter(([scope]) => !(scope in KNOWN_DIFFERENCES));
    expect(compared.length).toBeGreaterThan(20);
    for (const [scope, fact] of compared)
      expect({ scope, ...tier(scopeTier(scope)) }).toEqual({ scope, ...tier(fact) });
  });

  it('knows every admin-tier scope of the connector table as admin, and no other', () => {
    const connectorAdmin = Object.entries(SCOPE_TIERS)
      .filter(([, t]) => t.access === 'admin')
      .map(([s]) => s)
      .sort();
    expect([...ADMIN_SCOPES].sort()).toEqual(connectorAdmin);
  });

  it('rates every role the estate assigns from the connector table itself (not its fallback)', () => {
    for (const [type, fact] of Object.entries(ROLES)) {
      expect(ROLE_TIERS[type], `${type} is missing from connector/permission-map.ts`).toBeDefined();
      expect({ type, ...tier(roleTier(type)) }).toEqual({ type, ...tier(fact) });
      expect(roleName(type)).toBe(connectorRoleName(type));
    }
  });

  it('writes usage events the connector’s System Log filters select, and nothing else they select', () => {
    for (const eventType of TOKEN_GRANT_EVENTS) expect(CLIENT_USAGE_FILTER).toContain(`eventType eq "${eventType}"`);
    const now = new Date('2026-11-01T00:00:00Z');
    const { data } = oktaGenerator.generate({
      org: generateOrg(new Random(1), 30, now),
      rng: new Random(2),
      count: 200,
      now,
      earlier: {},
    });
    const render = new Renderer(() => 'http://127.0.0.1');
    const [clients, tokens] = [parseFilter(CLIENT_USAGE_FILTER), parseFilter(TOKEN_USAGE_FILTER)];
    const kinds = data.logs.map((e) => {
      const get = objectGetter(render.logEvent(e));
      return `${e.clientId ? 'client' : e.apiTokenId ? 'token' : 'noise'}:${clients(get)}:${tokens(get)}`;
    });
    expect([...new Set(kinds)].sort()).toEqual(['client:true:false', 'noise:false:false', 'token:false:true']);
  });
});

describe('Okta estate independence', () => {
  it('imports nothing from connector/, rules/ (of any platform) or src/sync outside this test', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(8);
    for (const file of sources) {
      const imports = [...readFileSync(join(here, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const path of imports) expect(path, `${file} imports ${path}`).not.toMatch(/\/(connector|rules|sync)\//);
    }
  });
});
