import { Identity, type CredentialInput, type IdentityInput, type PermissionInput } from '../model/index.js';
import type { IdentityView, OwnerSummary } from '../store/index.js';

/**
 * Builds a complete IdentityView from a few fields (schema defaults fill the rest). For tests and examples:
 * `view({ platform: 'aws', credentials: [{ id: 'k1', type: 'access_key', createdAt: '...' }] })`.
 */
export function view(
  input: Partial<Omit<IdentityInput, 'credentials' | 'permissions'>> & {
    credentials?: Array<Partial<CredentialInput>>;
    permissions?: Array<Partial<PermissionInput>>;
    owner?: Partial<OwnerSummary> | null;
  } = {},
): IdentityView {
  const platform = input.platform ?? 'github';
  const tenant = input.tenant ?? 'acme';
  const nativeType = input.nativeType ?? 'thing';
  const nativeId = input.nativeId ?? 'n1';
  const identity = Identity.parse({
    id: `${platform}:${tenant}:${nativeType}:${nativeId}`,
    kind: 'service_account',
    name: `${nativeType} ${nativeId}`,
    ...input,
    platform,
    tenant,
    nativeType,
    nativeId,
    credentials: (input.credentials ?? []).map((c, n) => ({ id: `cred-${n}`, type: 'token', ...c })),
    permissions: (input.permissions ?? []).map((p) => ({ nativeName: 'read', access: 'read', ...p })),
  });
  const owner =
    input.owner === undefined || input.owner === null
      ? null
      : { personId: null, email: null, team: null, source: null, confidence: null, status: null, ...input.owner };
  return {
    ...identity,
    owner,
    firstSeen: '2026-01-01T00:00:00.000Z',
    lastSeen: '2026-01-01T00:00:00.000Z',
    goneAt: null,
  };
}
