import { describe, expect, it } from 'vitest';
import * as connector from '../connector/permission-map.js';
import {
  APP_PERMISSIONS,
  appPermission,
  CLASSIC_SCOPES,
  classicScope,
  deployKeyPermission,
  ORG_WIDE_SENSITIVE_KEYS,
  WEBHOOK_EVENTS,
  webhookEvent,
} from './catalogue.js';

/**
 * The estate's own permission catalogue (./catalogue.ts) against the connector's mapping
 * (../connector/permission-map.ts) on every permission both know. The estate labels from its catalogue and the
 * connector stores from its map, so the end-to-end test would also catch a disagreement; this test names it.
 *
 * Known differences, each with the reason it is accepted: none. (Add `'<table>:<name>': 'why'` entries here.)
 */
const ALLOWED_DIFFERENCES: Record<string, string> = {};

const LEVELS = ['read', 'write', 'admin'];

function differences(): Record<string, { estate: unknown; connector: unknown }> {
  const out: Record<string, { estate: unknown; connector: unknown }> = {};
  const compare = (name: string, estate: unknown, mapped: unknown) => {
    if (JSON.stringify(estate) !== JSON.stringify(mapped)) out[name] = { estate, connector: mapped };
  };
  for (const key of Object.keys(APP_PERMISSIONS)) {
    if (!(key in connector.APP_PERMISSION_RISK)) out[`app:${key}`] = { estate: APP_PERMISSIONS[key], connector: null };
    for (const level of LEVELS)
      compare(`app:${key}:${level}`, appPermission(key, level), connector.appPermissionAccess(key, level));
  }
  for (const name of Object.keys(CLASSIC_SCOPES)) {
    if (!(name in connector.CLASSIC_SCOPE_ACCESS))
      out[`scope:${name}`] = { estate: CLASSIC_SCOPES[name], connector: null };
    compare(`scope:${name}`, classicScope(name), connector.classicScopeAccess(name));
  }
  for (const readOnly of [true, false])
    compare(`deploy_key:${readOnly}`, deployKeyPermission(readOnly), connector.deployKeyAccess(readOnly));
  for (const event of Object.keys(WEBHOOK_EVENTS))
    compare(`event:${event}`, webhookEvent(event), connector.webhookEventAccess(event));
  compare(
    'org-wide-sensitive-keys',
    [...ORG_WIDE_SENSITIVE_KEYS].sort(),
    [...connector.ORG_WIDE_SENSITIVE_KEYS].sort(),
  );
  return out;
}

describe('GitHub estate catalogue agrees with the connector mapping', () => {
  it('on every App permission, classic scope, deploy key and webhook event both know (allow-list aside)', () => {
    const found = differences();
    for (const name of Object.keys(ALLOWED_DIFFERENCES)) delete found[name];
    expect(found).toEqual({});
  });

  it('lists no allowed difference that no longer exists', () => {
    const found = differences();
    expect(Object.keys(ALLOWED_DIFFERENCES).filter((name) => !(name in found))).toEqual([]);
  });

  it('is a real comparison: both tables cover the permissions the rules and labels care about', () => {
    expect(Object.keys(APP_PERMISSIONS).length).toBeGreaterThan(15);
    expect(appPermission('members', 'write')).toEqual({ access: 'write', sensitivity: 'high', pathToAdmin: true });
    expect(classicScope('admin:org')).toEqual({ access: 'admin', sensitivity: 'high', pathToAdmin: true });
    expect(() => appPermission('no_such_permission', 'read')).toThrow(/no App permission/);
  });
});
