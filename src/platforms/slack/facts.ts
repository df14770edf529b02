import { z } from 'zod';
import { nativeTypeFacts, type PlatformFacts } from '../../model/index.js';

/** Timestamps leave the transforms normalized by `epoch()` (connector/common.ts): UTC, `Z`, milliseconds. */
const timestamp = z.iso.datetime();

/** A scope as a permission: which token holds it (null when the source does not say) and Slack's own flag. */
const scopePermission = {
  tokenType: z.enum(['bot', 'user']).nullable(),
  isSensitive: z.boolean().nullable(),
};

/** The typed attributes of every nativeType the Slack connector emits (src/model/facts.ts). */
export const slackFacts = {
  /** connector/apps.ts: an app of admin.apps.approved.list or admin.apps.restricted.list (Enterprise Grid). */
  app: nativeTypeFacts({
    identity: {
      status: z.enum(['approved', 'restricted']),
      isInternal: z.boolean().nullable(),
      isAppDirectoryApproved: z.boolean().nullable(),
      isGranularBotApp: z.boolean().nullable(),
      appDirectoryUrl: z.string().nullable(),
      resolvedAt: timestamp.nullable(),
      resolvedBy: z.string().nullable(),
      restrictedScopes: z.array(z.string()),
      teamId: z.string().nullable(),
      installedAt: timestamp.nullable(),
    },
    permission: scopePermission,
  }),
  /** connector/app-requests.ts: a pending app install request (admin.apps.requests.list). */
  app_request: nativeTypeFacts({
    identity: {
      appId: z.string().nullable(),
      isInternal: z.boolean().nullable(),
      isAppDirectoryApproved: z.boolean().nullable(),
      requestedScopes: z.array(z.string()),
      highRiskScopes: z.array(z.string()),
      previousResolution: z.string().nullable(),
      teamId: z.string().nullable(),
    },
  }),
  /** connector/users.ts: a bot user of users.list, with its bots.info. */
  bot: nativeTypeFacts({
    identity: {
      botId: z.string().nullable(),
      appId: z.string().nullable(),
      handle: z.string().nullable(),
      isWorkflowBot: z.boolean().nullable(),
      botUpdatedAt: timestamp.nullable(),
    },
  }),
  /** connector/integrations.ts: an app or legacy service installed per team.integrationLogs (other plans). */
  integration: nativeTypeFacts({
    identity: {
      appId: z.string().nullable(),
      serviceType: z.string().nullable(),
      lastChange: z.string().nullable(),
      lastChangeAt: timestamp.nullable(),
      installedBy: z.string().nullable(),
      channel: z.string().nullable(),
    },
    permission: scopePermission,
  }),
} satisfies PlatformFacts;

export type SlackFacts = typeof slackFacts;
