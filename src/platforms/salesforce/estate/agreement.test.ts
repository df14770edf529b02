import { describe, expect, it } from 'vitest';
import {
  API_LOGIN_TYPES as CONNECTOR_API_LOGINS,
  INTEGRATION_LICENCE as CONNECTOR_LICENCE,
  SYSTEM_PERMISSIONS,
} from '../connector/permission-map.js';
import { API_LOGIN_TYPES, INTEGRATION_LICENCE, PERMISSION_TIERS, UI_LOGIN_TYPE } from './catalogue.js';

/**
 * The estate labels from its own catalogue (./catalogue.ts), never from connector code; this test is where the two
 * views meet. Every entry both know must agree; each accepted difference is listed with its reason.
 */
const ALLOWED_DIFFERENCES: Record<string, string> = {
  // none today: a line here is `'ManageUsers': 'why the estate rates it differently'`.
};

describe('Salesforce estate catalogue agrees with the connector', () => {
  it('rates every system permission both know the same way, and they know the same ones', () => {
    const connector = Object.fromEntries(Object.values(SYSTEM_PERMISSIONS).map((p) => [p.name, p.tier]));
    expect(Object.keys(PERMISSION_TIERS).sort()).toEqual(Object.keys(connector).sort());
    for (const [name, tier] of Object.entries(PERMISSION_TIERS))
      if (!(name in ALLOWED_DIFFERENCES)) expect({ name, ...connector[name] }).toEqual({ name, ...tier });
  });

  it('every API login type the estate writes is one the connector counts as software; the browser login is not', () => {
    for (const type of API_LOGIN_TYPES) expect(CONNECTOR_API_LOGINS.has(type), type).toBe(true);
    expect(CONNECTOR_API_LOGINS.has(UI_LOGIN_TYPE)).toBe(false);
    expect(INTEGRATION_LICENCE).toBe(CONNECTOR_LICENCE);
  });
});
