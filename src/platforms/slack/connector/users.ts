import { type IdentityInput, type PersonInput, personId, type StaleField } from '../../../model/index.js';
import { type TransformContext, bool, epoch, requireId, requireObject, slackId, str } from './common.js';
import type { SlackBot, SlackUser } from './wire.js';

/** Slackbot is built into every workspace: neither a person nor an NHI anyone installed. */
export const SLACKBOT_ID = 'USLACKBOT';

export type MemberKind = 'person' | 'bot' | 'none';

/** What a users.list member is: a bot user (an app's bot), a person, or Slackbot (left out). */
export function memberKind(raw: SlackUser): MemberKind {
  if (raw?.id === SLACKBOT_ID) return 'none';
  return raw?.is_bot === true ? 'bot' : 'person';
}

/**
 * Pure: one human users.list member → a person of the `slack` people source. A deactivated (deleted) account is a
 * departure as far as Slack knows; Slack does not say when it happened.
 */
export function toPerson(raw: SlackUser, t: TransformContext): PersonInput {
  const user = requireObject(raw, 'Slack user');
  const nativeId = requireId(user.id, 'Slack user');
  const p = user.profile ?? {};
  return {
    id: personId('slack', t.tenant, nativeId),
    source: 'slack',
    tenant: t.tenant,
    nativeId,
    email: str(p.email)?.toLowerCase() ?? null,
    name: str(p.real_name) ?? str(user.real_name),
    login: str(user.name),
    status: user.deleted === true ? 'departed' : 'active',
    departedAt: null,
    attributes: {
      isAdmin: bool(user.is_admin),
      isOwner: bool(user.is_owner),
      isPrimaryOwner: bool(user.is_primary_owner),
      isRestricted: bool(user.is_restricted),
    },
  };
}

/** What bots.info said of a bot user's bot (null: not read, `stale` says why). */
export interface BotParts {
  bot: SlackBot | null;
  stale: StaleField[];
}

/**
 * Pure: one bot users.list member (and its bots.info answer) → a `bot` identity. Its token's scopes are the bot
 * scopes of its app (the app identity); Slack names no owner of a bot user.
 */
export function toBot(raw: SlackUser, parts: BotParts, t: TransformContext): IdentityInput {
  const user = requireObject(raw, 'Slack bot user');
  const nativeId = requireId(user.id, 'Slack bot user');
  const p = user.profile ?? {};
  const bot = parts.bot;
  return {
    id: slackId(t, 'bot', nativeId),
    platform: 'slack',
    tenant: t.tenant,
    kind: 'bot',
    nativeType: 'bot',
    nativeId,
    name: str(p.real_name) ?? str(user.real_name) ?? str(user.name) ?? nativeId,
    enabled: user.deleted !== true && bot?.deleted !== true,
    attributes: {
      botId: str(p.bot_id) ?? str(bot?.id),
      appId: str(bot?.app_id) ?? str(p.api_app_id),
      handle: str(user.name),
      isWorkflowBot: bool(user.is_workflow_bot),
      botUpdatedAt: epoch(bot?.updated),
    },
    stale: parts.stale,
  };
}
