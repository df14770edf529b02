import { z } from 'zod';
import { SecretRef } from '../../../config/secret.js';

/** Which Slack plan the tenant is on: it decides which app lists exist (docs/connectors/slack.md, "Plans"). */
export const SLACK_PLANS = ['auto', 'enterprise', 'standard'] as const;

/** `tenants[].options` for platform slack; the tenant is the workspace's or Enterprise Grid org's name. */
export const SlackOptions = z
  .object({
    /** A user token (xoxp-) of an Org Owner/Admin (Enterprise Grid) or a Workspace Admin, as a secret reference. */
    token: SecretRef,
    /** The Web API base (https://slack.com/api/ or an emulator's /api/ URL). */
    apiUrl: z.string().url().default('https://slack.com/api/'),
    /**
     * 'enterprise': read admin.apps.* (Enterprise Grid); 'standard': read team.integrationLogs (other plans);
     * 'auto': decide from auth.test (an enterprise_id means Enterprise Grid).
     */
    plan: z.enum(SLACK_PLANS).default('auto'),
    /** Enterprise Grid: list one workspace's apps (team_id) instead of the whole org's (enterprise_id). */
    teamId: z.string().min(1).optional(),
    /**
     * Enterprise Grid: read app installs from the Audit Logs API (install date and installer of each app). Needs an
     * Org Owner's user token with auditlogs:read; false switches the source off.
     */
    auditLogs: z.boolean().default(true),
    /** The Audit Logs API base (https://api.slack.com/audit/v1/ or an emulator's /audit/v1/ URL). */
    auditApiUrl: z.string().url().default('https://api.slack.com/audit/v1/'),
    /** Milliseconds one HTTP attempt (answer body included) may take before it fails as a timeout. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** users.list page size; Slack recommends at most 200. */
    usersPageSize: z.number().int().min(1).max(1000).default(200),
    /** admin.apps.*.list page size; Slack allows 1 to 1000. */
    appsPageSize: z.number().int().min(1).max(1000).default(1000),
    /** team.integrationLogs page size (`count`). */
    logsPageSize: z.number().int().min(1).max(1000).default(1000),
    /** bots.info calls in flight at once (one per bot user). */
    concurrency: z.number().int().min(1).max(32).default(8),
    /** Retries of a rate-limited (HTTP 429, after Retry-After) or 5xx answer, through the SDK's retry policy. */
    maxRetries: z.number().int().min(0).max(10).default(3),
  })
  .strict();
export type SlackOptions = z.output<typeof SlackOptions>;
export type SlackOptionsInput = z.input<typeof SlackOptions>;
