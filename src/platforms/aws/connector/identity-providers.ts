import {
  GetOpenIDConnectProviderCommand,
  type GetOpenIDConnectProviderResponse,
  type IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  type OpenIDConnectProviderListEntry,
  type SAMLProviderListEntry,
} from '@aws-sdk/client-iam';
import { guardPayload, idOf } from '../../../lib/payload.js';
import { identityId, type IdentityInput } from '../../../model/index.js';
import { iso } from './context.js';
import { environmentOf, ownerClaimsFromTags, tagMap } from './tags.js';

/**
 * IAM identity providers: OIDC (ListOpenIDConnectProviders, then GetOpenIDConnectProvider per provider for its URL,
 * audiences, thumbprints, creation date and tags) and SAML (ListSAMLProviders: ARN, creation, ValidUntil). Each is an
 * identity (`oidc_provider`, `saml_provider`): the trust anchor through which an outside issuer's tokens become AWS
 * sessions of every role that federates to it (those roles get `trusts_provider` edges, roles.ts). Neither list call
 * is paged (IAM returns every provider of the account). Pure transforms below the listers.
 */

export type ProviderType = 'oidc_provider' | 'saml_provider';

export interface ProviderRef {
  accountId: string;
  nativeType: ProviderType;
  /** What follows `oidc-provider/` (the issuer host and path) or `saml-provider/` (the provider name). */
  name: string;
}

/** `arn:aws:iam::<account>:oidc-provider/<host/path>` or `…:saml-provider/<name>`; null for anything else. */
export function providerRef(arn: string | undefined): ProviderRef | null {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):(oidc|saml)-provider\/(.+)$/.exec(arn ?? '');
  if (!m) return null;
  return { accountId: m[1], nativeType: m[2] === 'oidc' ? 'oidc_provider' : 'saml_provider', name: m[3] };
}

/** The Steward id of the provider an ARN names (what `trusts_provider` edges point at); null when not a provider ARN. */
export function providerIdentityId(tenant: string, arn: string): string | null {
  const ref = providerRef(arn);
  return ref ? identityId('aws', tenant, ref.nativeType, ref.name) : null;
}

export async function listOidcProviders(client: IAMClient): Promise<OpenIDConnectProviderListEntry[]> {
  const out = await client.send(new ListOpenIDConnectProvidersCommand({}));
  return out.OpenIDConnectProviderList ?? [];
}

export async function getOidcProvider(client: IAMClient, arn: string): Promise<GetOpenIDConnectProviderResponse> {
  return client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
}

export async function listSamlProviders(client: IAMClient): Promise<SAMLProviderListEntry[]> {
  const out = await client.send(new ListSAMLProvidersCommand({}));
  return out.SAMLProviderList ?? [];
}

export interface ProviderContext {
  tenant: string;
}

/** Why a listed provider cannot be read (no ARN, or not a provider ARN); null when it can. */
export function unreadableProvider(entry: { Arn?: string }, expected: ProviderType): string | null {
  if (typeof entry.Arn !== 'string' || entry.Arn === '') return 'without Arn';
  const ref = providerRef(entry.Arn);
  if (!ref || ref.nativeType !== expected) return `with an Arn that names no ${expected.replace('_', ' ')}`;
  return null;
}

function refOf(arn: string | undefined, expected: ProviderType): ProviderRef {
  const ref = providerRef(arn);
  if (!ref || ref.nativeType !== expected)
    throw new Error(`IAM ${expected.replace('_', ' ')} ${idOf(arn)}: not a provider ARN`);
  return ref;
}

function transformOidcProviderUnguarded(
  entry: OpenIDConnectProviderListEntry,
  detail: GetOpenIDConnectProviderResponse,
  ctx: ProviderContext,
): IdentityInput {
  const ref = refOf(entry.Arn, 'oidc_provider');
  const tags = tagMap(detail.Tags);
  const url = detail.Url ?? ref.name;
  return {
    id: identityId('aws', ctx.tenant, 'oidc_provider', ref.name),
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'workload_identity',
    nativeType: 'oidc_provider',
    nativeId: ref.name,
    name: url,
    createdAt: iso(detail.CreateDate),
    // IAM keeps no last use of a provider (CloudTrail's AssumeRoleWithWebIdentity events would).
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: true,
    interactive: false,
    environment: environmentOf(tags),
    attributes: {
      arn: entry.Arn!,
      accountId: ref.accountId,
      url,
      clientIds: (detail.ClientIDList ?? []).filter((c): c is string => typeof c === 'string'),
      thumbprints: (detail.ThumbprintList ?? []).filter((c): c is string => typeof c === 'string'),
      tags,
    },
    credentials: [],
    permissions: [],
    ownerClaims: ownerClaimsFromTags(detail.Tags),
    stale: [],
  };
}

function transformSamlProviderUnguarded(entry: SAMLProviderListEntry, ctx: ProviderContext): IdentityInput {
  const ref = refOf(entry.Arn, 'saml_provider');
  return {
    id: identityId('aws', ctx.tenant, 'saml_provider', ref.name),
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'workload_identity',
    nativeType: 'saml_provider',
    nativeId: ref.name,
    name: ref.name,
    createdAt: iso(entry.CreateDate),
    lastUsedAt: null,
    lastUsedSource: null,
    enabled: true,
    interactive: false,
    environment: null,
    attributes: { arn: entry.Arn!, accountId: ref.accountId, validUntil: iso(entry.ValidUntil) },
    credentials: [],
    permissions: [],
    // ListSAMLProviders returns no tags (ListSAMLProviderTags would, one call per provider): no owner claims.
    ownerClaims: [],
    stale: [],
  };
}

/** transformOidcProvider with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformOidcProvider = guardPayload(
  (entry: OpenIDConnectProviderListEntry, _detail: GetOpenIDConnectProviderResponse, _ctx: ProviderContext) =>
    `IAM OIDC provider ${idOf(entry.Arn)}`,
  transformOidcProviderUnguarded,
);

/** transformSamlProvider with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformSamlProvider = guardPayload(
  (entry: SAMLProviderListEntry, _ctx: ProviderContext) => `IAM SAML provider ${idOf(entry.Arn)}`,
  transformSamlProviderUnguarded,
);
