import { z } from 'zod';
import { nativeTypeFacts, type PlatformFacts } from '../../model/index.js';
import { cloudFacts } from './facts-cloud.js';

/** Timestamps leave the transforms as Google sends them, normalized to UTC ISO-8601 with milliseconds. */
const timestamp = z.iso.datetime();

/** The typed attributes of every nativeType the Google connector emits (src/model/facts.ts). */
export const googleFacts = {
  /**
   * connector/tokens.ts: one third-party OAuth client (clientId) holding tokens of one or more Workspace users
   * (Directory tokens.list per user), with its use from the Reports `token` events (connector/token-activity.ts).
   */
  oauth_client: nativeTypeFacts({
    identity: {
      displayText: z.string().nullable(),
      /** Google: "an unregistered client" — nobody registered it in a Cloud project. */
      anonymous: z.boolean().nullable(),
      /** An installed application (desktop or mobile) rather than a web app. */
      nativeApp: z.boolean().nullable(),
      /** client_type of its Reports token events (WEB, NATIVE_DESKTOP, ...); null when no event was read. */
      clientType: z.string().nullable(),
      /** Users holding a token of this client. */
      grantedUsers: z.number().int().min(0),
      /** Of those, users suspended or archived (departed). */
      departedGrantedUsers: z.number().int().min(0),
      /** The granted scopes of high sensitivity (connector/scopes.ts). */
      highScopes: z.array(z.string()),
      /** First `authorize` or `activity` event of this client the Reports API returned. */
      firstUsedAt: timestamp.nullable(),
    },
    /** Users holding this scope through the client. */
    permission: { grantedUsers: z.number().int().min(0) },
  }),
  /**
   * connector/delegation.ts: one client id granted domain-wide delegation, rebuilt from the Reports `admin` events
   * AUTHORIZE_API_CLIENT_ACCESS / REMOVE_API_CLIENT_ACCESS (no API lists them).
   */
  dwd_client: nativeTypeFacts({
    identity: {
      /** The admin whose console action authorised the latest scopes. */
      authorizedBy: z.string().nullable(),
      authorizedAt: timestamp.nullable(),
      /** The granted scopes of high sensitivity. */
      highScopes: z.array(z.string()),
      /** Email of the Cloud service account whose oauth2ClientId is this client id, among the projects read. */
      serviceAccount: z.string().nullable(),
      /** Whether every project's service accounts were listed (false: serviceAccount null means "unknown"). */
      serviceAccountsListed: z.boolean(),
    },
  }),
  // Google Cloud IAM: service accounts, keys, bindings, workload identity (facts-cloud.ts, the GCP part).
  ...cloudFacts,
} satisfies PlatformFacts;

export type GoogleFacts = typeof googleFacts;
