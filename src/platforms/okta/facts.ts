import { z } from 'zod';
import { nativeTypeFacts, type PlatformFacts } from '../../model/index.js';

/** Timestamps leave the transforms normalized by `iso()` (connector/common.ts): UTC, `Z`, milliseconds. */
const timestamp = z.iso.datetime();

/** An OAuth client app (service or other OIDC app): settings as Okta sends them in GET /api/v1/apps. */
const appIdentity = {
  clientId: z.string(),
  appName: z.string().nullable(),
  status: z.string(),
  signOnMode: z.string(),
  applicationType: z.string().nullable(),
  grantTypes: z.array(z.string()),
  tokenEndpointAuthMethod: z.string().nullable(),
  autoKeyRotation: z.boolean().nullable(),
  lastUpdated: timestamp.nullable(),
};

/** A client secret or a JWK of an OAuth client (`credentialKind` tells which). */
const clientCredential = {
  credentialKind: z.enum(['client_secret', 'jwk']),
  status: z.string(),
  lastUpdated: timestamp.nullable(),
  secretHash: z.string().nullable(),
  kid: z.string().nullable(),
  kty: z.string().nullable(),
  alg: z.string().nullable(),
};

/** An Okta API scope grant (`scope`) or an admin role assignment (`role`). */
const grantPermission = {
  grant: z.enum(['scope', 'role']),
  /** The grant's or role assignment's id; null for an integration's grantedScopes (no grant object). */
  assignmentId: z.string().nullable(),
  /** Scope grants: ADMIN or END_USER; roles: the assignmentType (CLIENT, USER). */
  grantSource: z.string().nullable(),
  label: z.string().nullable(),
};

/** The typed attributes of every nativeType the Okta connector emits (src/model/facts.ts). */
export const oktaFacts = {
  /** connector/apps.ts: an OIDC app with application_type "service" (client_credentials). */
  service_app: nativeTypeFacts({ identity: appIdentity, credential: clientCredential, permission: grantPermission }),
  /** connector/apps.ts: any other OIDC app (web, browser, native). */
  oauth_app: nativeTypeFacts({ identity: appIdentity, credential: clientCredential, permission: grantPermission }),
  /** connector/api-tokens.ts: an SSWS API token, with its creator's admin roles. */
  api_token: nativeTypeFacts({
    identity: {
      userId: z.string().nullable(),
      clientName: z.string().nullable(),
      tokenWindow: z.string().nullable(),
      networkConnection: z.string().nullable(),
      networkInclude: z.array(z.string()),
      networkExclude: z.array(z.string()),
      lastUpdated: timestamp.nullable(),
    },
    credential: { tokenWindow: z.string().nullable(), idleExpiresAt: z.string().nullable() },
    permission: { ...grantPermission, inheritedFrom: z.string() },
  }),
  /** connector/api-services.ts: an API service integration (OIN) instance. */
  api_service_integration: nativeTypeFacts({
    identity: { integrationType: z.string().nullable(), configGuideUrl: z.string().nullable() },
    credential: clientCredential,
    permission: grantPermission,
  }),
  /** connector/agents.ts (option agentIdentities): an AI agent of Okta for AI Agents (Beta). */
  agent_identity: nativeTypeFacts({
    identity: {
      status: z.string(),
      appId: z.string().nullable(),
      description: z.string().nullable(),
      lastUpdated: timestamp.nullable(),
    },
  }),
} satisfies PlatformFacts;

export type OktaFacts = typeof oktaFacts;
