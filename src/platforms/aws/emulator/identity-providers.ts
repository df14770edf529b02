import type { AwsOidcProvider } from '../estate/types.js';
import { type AccountView, type ActionFn, IamError, need, tags } from './account.js';

/**
 * IAM identity-provider actions: ListOpenIDConnectProviders (ARNs only), GetOpenIDConnectProvider (Url without
 * scheme, ClientIDList, ThumbprintList, CreateDate, Tags sorted by key) and ListSAMLProviders (Arn, ValidUntil,
 * CreateDate; no tags). None of them is paged.
 */

export const oidcProviderArn = (v: AccountView, p: AwsOidcProvider) => `arn:aws:iam::${v.id}:oidc-provider/${p.url}`;

function oidcProviderOf(v: AccountView, params: URLSearchParams): AwsOidcProvider {
  const arn = need(params, 'OpenIDConnectProviderArn');
  if (arn.length < 20 || !/^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/./.test(arn))
    throw new IamError(400, 'InvalidInput', `ARN ${arn} is not valid.`);
  const found = v.account.oidcProviders.find((p) => oidcProviderArn(v, p) === arn);
  if (!found) throw new IamError(404, 'NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
  return found;
}

export const IDENTITY_PROVIDER_ACTIONS: Record<string, ActionFn> = {
  ListOpenIDConnectProviders: (v) => ({
    OpenIDConnectProviderList: v.account.oidcProviders.map((p) => ({ Arn: oidcProviderArn(v, p) })),
  }),
  GetOpenIDConnectProvider: (v, params) => {
    const p = oidcProviderOf(v, params);
    return {
      Url: p.url,
      ClientIDList: p.clientIds,
      ThumbprintList: p.thumbprints,
      CreateDate: p.createDate,
      Tags: tags([...p.tags].sort((a, b) => a.Key.localeCompare(b.Key))),
    };
  },
  ListSAMLProviders: (v) => ({
    SAMLProviderList: v.account.samlProviders.map((p) => ({
      Arn: `arn:aws:iam::${v.id}:saml-provider/${p.name}`,
      ValidUntil: p.validUntil ?? undefined,
      CreateDate: p.createDate,
    })),
  }),
};
