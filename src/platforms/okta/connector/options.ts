import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

/** OAuth 2.0 service app auth (client credentials with private_key_jwt), instead of an SSWS token. */
const OAuthAuth = z
  .object({
    clientId: z.string().min(1),
    /** PEM or JWK (JSON) of the service app's private key (secret reference). */
    privateKey: SecretRef,
    /** `kid` of the key registered on the service app. */
    keyId: z.string().min(1).optional(),
    /** The read scopes granted to the service app (docs/connectors/okta.md, "Permissions"). */
    scopes: z
      .array(z.string().regex(/^okta\.[A-Za-z]+\.read$/, 'only okta.*.read scopes are needed'))
      .min(1)
      .default([
        'okta.apps.read',
        'okta.appGrants.read',
        'okta.apiTokens.read',
        'okta.users.read',
        'okta.roles.read',
        'okta.logs.read',
        'okta.oauthIntegrations.read',
      ]),
  })
  .strict();

/** `tenants[].options` for platform okta; the tenant is the org's subdomain (`acme` of https://acme.okta.com). */
export const OktaOptions = z
  .object({
    /** https://<org>.okta.com (or an emulator's URL); defaults to https://<tenant>.okta.com. */
    orgUrl: z.string().url().optional(),
    /** An SSWS API token (secret reference) of a read-only admin. */
    token: SecretRef.optional(),
    /** Or an OAuth 2.0 service app with private_key_jwt and okta.*.read scopes. */
    oauth: OAuthAuth.optional(),
    /** Milliseconds one HTTP attempt (answer body included) may take before it fails as a timeout. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Items per page (`limit`) of the paged lists; Okta allows at most 200. */
    pageSize: z.number().int().min(1).max(200).default(200),
    /** Per-object calls (an app's secrets, keys, grants and roles) in flight at once. */
    concurrency: z.number().int().min(1).max(32).default(8),
    /** Days of System Log read for last use (Okta keeps 90). */
    systemLogDays: z.number().int().min(1).max(365).default(90),
    /** Retries of a rate-limited (HTTP 429) request, each after X-Rate-Limit-Reset. */
    maxRetries: z.number().int().min(0).max(10).default(2),
    /** Longest wait for X-Rate-Limit-Reset before giving the 429 up. */
    maxRateLimitWaitMs: z.number().int().min(0).max(300_000).default(65_000),
    /** Also list AI-agent identities (Okta for AI Agents, Beta: GET /workload-principals/api/v1/ai-agents). */
    agentIdentities: z.boolean().default(false),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.token === !o.oauth)
      ctx.addIssue({
        code: 'custom',
        message:
          'set exactly one of `token` (a secret reference to an SSWS API token) or `oauth: { clientId, privateKey }`',
      });
  });
export type OktaOptions = z.output<typeof OktaOptions>;
export type OktaOptionsInput = z.input<typeof OktaOptions>;

/** The org URL the options name, else https://<tenant>.okta.com; no trailing slash. */
export function orgUrlOf(options: OktaOptions, tenant: string): string {
  return (options.orgUrl ?? `https://${tenant}.okta.com`).replace(/\/+$/, '');
}
