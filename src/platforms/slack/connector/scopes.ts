import type { PermissionInput } from '../../../model/index.js';
import { bool, str } from './common.js';
import { scopeTier } from './permission-map.js';
import type { SlackScope } from './wire.js';

/** 'bot' or 'user' as Slack sends `token_type`; null when absent (team.integrationLogs does not say). */
export function tokenType(value: unknown): 'bot' | 'user' | null {
  return value === 'bot' || value === 'user' ? value : null;
}

/** Slack scope objects → permissions (one per token type and scope), tiered by the scope table. */
export function scopePermissions(scopes: unknown, source: string): PermissionInput[] {
  if (scopes == null) return [];
  if (!Array.isArray(scopes)) throw new Error(`${source}: scopes is not a list in the API response`);
  const seen = new Set<string>();
  const out: PermissionInput[] = [];
  for (const s of scopes as SlackScope[]) {
    const name = str(s?.name);
    const type = tokenType(s?.token_type);
    if (!name || seen.has(`${type}:${name}`)) continue;
    seen.add(`${type}:${name}`);
    out.push(scopePermission(name, type, bool(s?.is_sensitive), source));
  }
  return out;
}

export function scopePermission(
  name: string,
  type: 'bot' | 'user' | null,
  isSensitive: boolean | null,
  source: string,
): PermissionInput {
  const tier = scopeTier(name);
  return {
    nativeName: name,
    resource: '*',
    access: tier.access,
    sensitivity: tier.sensitivity,
    pathToAdmin: tier.pathToAdmin,
    source,
    attributes: { tokenType: type, isSensitive },
  };
}

/** Scope names of a list (requests, restricted apps), unique, in Slack's order. */
export function scopeNames(scopes: unknown): string[] {
  if (!Array.isArray(scopes)) return [];
  return [...new Set((scopes as SlackScope[]).map((s) => str(s?.name)).filter((n): n is string => n !== null))];
}

/** The scopes among `names` the scope table rates high (what a request would hand over). */
export const highScopes = (names: string[]): string[] => names.filter((n) => scopeTier(n).sensitivity === 'high');
