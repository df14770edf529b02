import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

/** `tenants[].options` for platform salesforce; the tenant is the org's My Domain name (`acme` of acme.my.salesforce.com). */
export const SalesforceOptions = z
  .object({
    /** https://<MyDomain>.my.salesforce.com (or an emulator's URL); defaults to https://<tenant>.my.salesforce.com. */
    instanceUrl: z.string().url().optional(),
    /**
     * An OAuth 2.0 access token (secret reference) of the scanning integration user, obtained with the JWT bearer or
     * client-credentials flow of its connected app (docs/connectors/salesforce.md, "Authentication").
     */
    accessToken: SecretRef,
    /** REST API version, explicit (jsforce defaults to 50.0): Spring '26 is 66.0. */
    apiVersion: z
      .string()
      .regex(/^\d{2}\.0$/, 'an API version such as 66.0')
      .default('66.0'),
    /** Milliseconds one HTTP attempt (answer body included) may take before it fails as a timeout. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Retries of a 5xx answer (Salesforce's REQUEST_LIMIT_EXCEEDED is a 403 and is never retried). */
    maxRetries: z.number().int().min(0).max(5).default(2),
    /** Days of LoginHistory read for last use and for API-only login patterns (Salesforce keeps six months). */
    loginHistoryDays: z.number().int().min(1).max(180).default(180),
    /** Rows per OauthToken keyset window: below the object's 2,500-row cap per query (docs: "OauthToken"). */
    oauthTokenWindow: z.number().int().min(1).max(2400).default(2000),
  })
  .strict();
export type SalesforceOptions = z.output<typeof SalesforceOptions>;
export type SalesforceOptionsInput = z.input<typeof SalesforceOptions>;

/** The instance URL the options name, else https://<tenant>.my.salesforce.com; no trailing slash. */
export function instanceUrlOf(options: SalesforceOptions, tenant: string): string {
  return (options.instanceUrl ?? `https://${tenant}.my.salesforce.com`).replace(/\/+$/, '');
}
