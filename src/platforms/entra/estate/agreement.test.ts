import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transformPasswordAndKeyCredentials } from '../connector/credentials.js';
import { MICROSOFT_TENANT_IDS as CONNECTOR_MICROSOFT_TENANT_IDS } from '../connector/graph-types.js';
import {
  DIRECTORY_ROLE_TEMPLATES,
  DIRECTORY_ROLE_TIERS,
  PERMISSION_TIERS,
  ratePermission,
} from '../connector/permission-tiers.js';
import { ELEVATED_DIRECTORY_ROLE_TEMPLATES } from '../rules/entra-sp-elevated-directory-role.js';
import { PRIVILEGED_DIRECTORY_ROLE_TEMPLATES } from '../rules/entra-sp-privileged-directory-role.js';
import { allPermissionFacts, DIRECTORY_ROLES } from './catalogue.js';
import { MICROSOFT_TENANT_IDS } from './types.js';

/**
 * The estate labels from its own catalogue (catalogue.ts, types.ts), never from connector code; this test is where
 * the two views meet. Every entry both know must agree; each known difference is listed below with the reason.
 *
 * Known differences:
 * - Permissions the estate never hands out (most of PERMISSION_TIERS, and the connector's naming heuristics for
 *   names outside its table) are not compared: the estate has no opinion on them.
 * - keyCredentials: the connector maps types Symmetric and Password to client_secret and every other type to
 *   certificate; the estate only generates AsymmetricX509Cert (certificate), so only that type is compared.
 */
const KNOWN_TIER_DIFFERENCES: Record<string, string> = {
  // none today: a line here is `'Application:Name': 'why the estate rates it differently'`.
};

describe('Entra estate catalogue agrees with the connector', () => {
  it('rates every permission the estate hands out as the connector table does', () => {
    for (const f of allPermissionFacts()) {
      const key = `${f.type}:${f.value}`;
      if (key in KNOWN_TIER_DIFFERENCES) continue;
      const entry = PERMISSION_TIERS[key] ?? PERMISSION_TIERS[`*:${f.value}`];
      expect(entry, `${key} is missing from connector/permission-tiers.ts`).toBeDefined();
      const rated = ratePermission(f.type, f.value);
      expect({ key, access: rated.access, sensitivity: rated.sensitivity, pathToAdmin: rated.pathToAdmin }).toEqual({
        key,
        access: f.access,
        sensitivity: f.sensitivity,
        pathToAdmin: f.pathToAdmin,
      });
    }
  });

  it('rates every directory role the estate assigns as the connector table does, with the same templateIds', () => {
    for (const r of Object.values(DIRECTORY_ROLES)) {
      const entry = DIRECTORY_ROLE_TIERS[r.templateId];
      expect(entry, `${r.displayName} is missing from DIRECTORY_ROLE_TIERS`).toBeDefined();
      expect({
        role: r.displayName,
        access: entry.access,
        sensitivity: entry.sensitivity,
        pathToAdmin: entry.pathToAdmin,
      }).toEqual({ role: r.displayName, access: r.access, sensitivity: r.sensitivity, pathToAdmin: r.pathToAdmin });
    }
    const connectorIds = new Set<string>(Object.values(DIRECTORY_ROLE_TEMPLATES));
    for (const r of Object.values(DIRECTORY_ROLES)) expect(connectorIds.has(r.templateId), r.displayName).toBe(true);
  });

  it('plants the directory-role risks on exactly the roles the rules look for', () => {
    const planted = (risk: string) =>
      Object.values(DIRECTORY_ROLES)
        .filter((r) => r.risk === risk)
        .map((r) => r.templateId)
        .sort();
    expect(planted('entra-sp-privileged-directory-role')).toEqual([...PRIVILEGED_DIRECTORY_ROLE_TEMPLATES].sort());
    expect(planted('entra-sp-elevated-directory-role')).toEqual([...ELEVATED_DIRECTORY_ROLE_TEMPLATES].sort());
  });

  it('knows the same Microsoft first-party tenants', () => {
    expect([...MICROSOFT_TENANT_IDS].sort()).toEqual([...CONNECTOR_MICROSOFT_TENANT_IDS].sort());
  });

  it('maps the certificate type the estate generates as the connector does', () => {
    const [c] = transformPasswordAndKeyCredentials(
      'entra:t:application:a',
      { keyCredentials: [{ keyId: 'k', type: 'AsymmetricX509Cert' }] },
      'application',
    );
    expect(c.type).toBe('certificate');
  });
});

describe('Entra estate independence', () => {
  it('imports nothing from connector/, rules/ (of any platform) or src/sync', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(3);
    for (const file of sources) {
      const imports = [...readFileSync(join(here, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const path of imports) expect(path, `${file} imports ${path}`).not.toMatch(/\/(connector|rules|sync)\//);
    }
  });
});
