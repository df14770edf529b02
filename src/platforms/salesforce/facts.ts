import { z } from 'zod';
import { nativeTypeFacts, type PlatformFacts } from '../../model/index.js';

/** Timestamps leave the transforms normalized by `iso()` (connector/common.ts): UTC, `Z`, milliseconds. */
const timestamp = z.iso.datetime();

/** The typed attributes of every nativeType the Salesforce connector emits (src/model/facts.ts). */
export const salesforceFacts = {
  /** connector/connected-apps.ts: a ConnectedApplication row and its OAuth policies. */
  connected_app: nativeTypeFacts({
    identity: {
      adminApprovedOnly: z.boolean(),
      refreshTokenPolicy: z.enum(['until_revoked', 'expires_after_period', 'expires_if_unused']),
      refreshTokenValidityPeriod: z.number().nullable(),
      highAssuranceSession: z.boolean(),
      startUrl: z.string().nullable(),
      lastModifiedDate: timestamp.nullable(),
      /** connector/app-menu.ts: the managed package's namespace (null: built in the org) and publisher page. */
      packageNamespace: z.string().nullable(),
      publisherUrl: z.string().nullable(),
    },
  }),
  /** connector/oauth-tokens.ts: one user's OAuth grant to one app (OauthToken row). */
  oauth_token: nativeTypeFacts({
    identity: {
      appName: z.string(),
      appMenuItemId: z.string().nullable(),
      packageNamespace: z.string().nullable(),
      publisherUrl: z.string().nullable(),
      userId: z.string(),
      useCount: z.number().nullable(),
    },
  }),
  /** connector/users.ts: an integration user, with its system permissions per permission set or profile. */
  integration_user: nativeTypeFacts({
    identity: {
      username: z.string().nullable(),
      profile: z.string().nullable(),
      userLicense: z.string().nullable(),
      apiOnlyProfile: z.boolean(),
      integrationBasis: z.enum(['api_only_profile', 'integration_licence', 'api_logins']),
    },
    permission: { permissionSet: z.string(), viaProfile: z.boolean() },
  }),
  /** connector/named-credentials.ts: a named credential (callout endpoint and its stored credential). */
  named_credential: nativeTypeFacts({
    identity: {
      label: z.string().nullable(),
      endpoint: z.string().nullable(),
      principalType: z.string().nullable(),
      lastModifiedDate: timestamp.nullable(),
    },
  }),
} satisfies PlatformFacts;

export type SalesforceFacts = typeof salesforceFacts;
