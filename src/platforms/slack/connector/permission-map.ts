import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/** A scope's normalized tier. */
export interface Tier {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

const ADMIN: Tier = { access: 'admin', sensitivity: 'high', pathToAdmin: true };
const WRITE_HIGH: Tier = { access: 'write', sensitivity: 'high', pathToAdmin: false };
const WRITE_MEDIUM: Tier = { access: 'write', sensitivity: 'medium', pathToAdmin: false };
const WRITE_LOW: Tier = { access: 'write', sensitivity: 'low', pathToAdmin: false };
const READ_HIGH: Tier = { access: 'read', sensitivity: 'high', pathToAdmin: false };
const READ_MEDIUM: Tier = { access: 'read', sensitivity: 'medium', pathToAdmin: false };
const READ_LOW: Tier = { access: 'read', sensitivity: 'low', pathToAdmin: false };

/**
 * Slack OAuth scopes (api.slack.com/scopes) whose tier is not the default of their form. High: what reads message
 * and file content or personal data across the workspace (the exfiltration path: channels:history, files:read,
 * users:read.email, search:read), posts as the app into any channel (chat:write.public, chat:write.customize), or
 * changes membership and sharing (channels:manage, usergroups:write, Slack Connect). Admin: the legacy `admin`
 * scope, every `admin.*` scope (Enterprise Grid org administration) and the legacy `client` scope (full user access).
 */
export const SCOPE_TIERS: Readonly<Record<string, Tier>> = {
  admin: ADMIN,
  client: ADMIN,
  'channels:history': READ_HIGH,
  'groups:history': READ_HIGH,
  'im:history': READ_HIGH,
  'mpim:history': READ_HIGH,
  'files:read': READ_HIGH,
  'remote_files:read': READ_HIGH,
  'users:read.email': READ_HIGH,
  'search:read': READ_HIGH,
  'conversations.connect:read': READ_HIGH,
  'chat:write': WRITE_HIGH,
  'chat:write.public': WRITE_HIGH,
  'chat:write.customize': WRITE_HIGH,
  'files:write': WRITE_HIGH,
  'channels:manage': WRITE_HIGH,
  'groups:write': WRITE_HIGH,
  'usergroups:write': WRITE_HIGH,
  'users.profile:write': WRITE_HIGH,
  'conversations.connect:write': WRITE_HIGH,
  'conversations.connect:manage': WRITE_HIGH,
  commands: WRITE_LOW,
  'reactions:write': WRITE_LOW,
  'pins:write': WRITE_LOW,
  'emoji:read': READ_LOW,
  'reactions:read': READ_LOW,
  'pins:read': READ_LOW,
  'team:read': READ_LOW,
  'dnd:read': READ_LOW,
  'incoming-webhook': WRITE_MEDIUM,
};

/** A scope's tier: the table, else `admin.*` → admin, a write/manage scope → write/medium, anything else read/medium. */
export function scopeTier(scope: string): Tier {
  const known = SCOPE_TIERS[scope];
  if (known) return known;
  if (scope.startsWith('admin.')) return ADMIN;
  return /:(write|manage)(\.|$)/.test(scope) ? WRITE_MEDIUM : READ_MEDIUM;
}
