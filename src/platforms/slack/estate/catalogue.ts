import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/**
 * The estate's own catalogue of Slack facts, written from api.slack.com/scopes (never from connector code): each
 * scope it grants with its tier, and the kinds of apps it installs with their bot and user scopes.
 */
export interface ScopeFact {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
  description: string;
  /** Slack's own `is_sensitive` flag on the scope object. */
  slackSensitive: boolean;
}

const fact = (
  access: AccessLevel,
  sensitivity: Sensitivity,
  description: string,
  slackSensitive = sensitivity === 'high',
): ScopeFact => ({ access, sensitivity, pathToAdmin: access === 'admin', description, slackSensitive });

export const SCOPES: Readonly<Record<string, ScopeFact>> = {
  'chat:write': fact('write', 'high', 'Send messages as the app'),
  'chat:write.public': fact('write', 'high', 'Send messages to channels the app is not in'),
  'chat:write.customize': fact('write', 'high', 'Send messages with a customized username and avatar'),
  'channels:history': fact('read', 'high', 'View messages in public channels'),
  'groups:history': fact('read', 'high', 'View messages in private channels'),
  'im:history': fact('read', 'high', 'View messages in direct messages'),
  'files:read': fact('read', 'high', 'View files shared in channels and conversations'),
  'files:write': fact('write', 'high', 'Upload, edit and delete files'),
  'users:read.email': fact('read', 'high', "View people's email addresses"),
  'search:read': fact('read', 'high', "Search a workspace's content"),
  'channels:manage': fact('write', 'high', 'Manage public channels and create new ones'),
  'usergroups:write': fact('write', 'high', 'Create and manage user groups'),
  'channels:read': fact('read', 'medium', 'View basic information about public channels'),
  'users:read': fact('read', 'medium', 'View people in a workspace'),
  'im:write': fact('write', 'medium', 'Start direct messages with people'),
  'incoming-webhook': fact('write', 'medium', 'Post messages to specific channels'),
  'links:read': fact('read', 'medium', 'View URLs in messages'),
  'links:write': fact('write', 'medium', 'Show previews of URLs in messages'),
  'app_mentions:read': fact('read', 'medium', 'View messages that directly mention the app'),
  commands: fact('write', 'low', 'Add shortcuts and slash commands'),
  'reactions:read': fact('read', 'low', 'View emoji reactions'),
  'reactions:write': fact('write', 'low', 'Add and edit emoji reactions'),
  'emoji:read': fact('read', 'low', 'View custom emoji'),
  'team:read': fact('read', 'low', 'View the name, email domain and icon of the workspace'),
  admin: fact('admin', 'high', 'Administer the workspace (legacy)'),
  'admin.users:read': fact('admin', 'high', 'View users across the organization'),
  'admin.users:write': fact('admin', 'high', 'Modify account information across the organization'),
  'admin.conversations:write': fact('admin', 'high', 'Set the conversation settings of any channel'),
  'admin.apps:write': fact('admin', 'high', 'Approve and restrict apps across the organization'),
};

export interface AppKind {
  kind: string;
  /** Share among apps (relative weight). */
  weight: number;
  bot: string[];
  user: string[];
  /** Name pool for this kind. */
  names: string[];
}

/** Kinds of apps a company installs; names are synthetic. */
export const APP_KINDS: readonly AppKind[] = [
  {
    kind: 'slash',
    weight: 18,
    bot: ['commands', 'emoji:read'],
    user: [],
    names: ['Lunch Poll', 'Kudos', 'Giphy Lite', 'Standup Timer'],
  },
  {
    kind: 'reactions',
    weight: 10,
    bot: ['reactions:read', 'reactions:write', 'team:read', 'commands'],
    user: [],
    names: ['Emoji Stats', 'Triage Tags', 'Vote Bot'],
  },
  {
    kind: 'notifier',
    weight: 26,
    bot: ['chat:write', 'incoming-webhook', 'links:write', 'channels:read'],
    user: [],
    names: ['Deploy Notifier', 'PagerAlert', 'Build Bot', 'Status Relay', 'CRM Alerts'],
  },
  {
    kind: 'assistant',
    weight: 14,
    bot: ['app_mentions:read', 'chat:write', 'channels:history', 'im:history', 'files:read'],
    user: [],
    names: ['Ask AI', 'Meeting Notes', 'Summarizer', 'Knowledge Bot'],
  },
  {
    kind: 'exporter',
    weight: 8,
    bot: [],
    user: ['channels:history', 'groups:history', 'files:read', 'users:read.email', 'search:read'],
    names: ['Archive Export', 'eDiscovery Sync', 'Compliance Vault'],
  },
  {
    kind: 'directory',
    weight: 12,
    bot: ['users:read', 'users:read.email', 'usergroups:write'],
    user: [],
    names: ['HR Directory Sync', 'Org Chart', 'Onboarding Buddy'],
  },
  {
    kind: 'org-admin-bot',
    weight: 4,
    bot: ['admin.conversations:write', 'admin.users:read', 'chat:write'],
    user: [],
    names: ['Channel Governor', 'Workspace Janitor'],
  },
  {
    kind: 'admin-console',
    weight: 3,
    bot: [],
    user: ['admin', 'admin.apps:write'],
    names: ['Admin Console', 'App Gatekeeper'],
  },
  {
    kind: 'files',
    weight: 5,
    bot: ['files:write', 'chat:write.public'],
    user: [],
    names: ['Drive Linker', 'Report Uploader'],
  },
];

export const VENDORS = [
  'acmesoft',
  'boltapps',
  'chattools',
  'dataloop',
  'flowly',
  'gridworks',
  'hivemind',
  'insightly',
];
