import type { RiskDefinition } from '../../analysis/risk/catalogue.js';

/** The planted risks this platform's rules find (ids = rule ids); the estate generator labels by these definitions. */
export const slackRisks: RiskDefinition[] = [
  {
    id: 'slack-third-party-app-sensitive-scopes',
    platforms: ['slack'],
    definition:
      'approved app that is not internal (is_internal false) holding, as a bot or user scope, a high-sensitivity scope: message history (channels:history, groups:history, im:history, mpim:history), files (files:read, files:write, remote_files:read), users:read.email, search:read, posting anywhere (chat:write, chat:write.public, chat:write.customize), membership and sharing (channels:manage, groups:write, usergroups:write, users.profile:write, conversations.connect:*), or an admin scope (admin, admin.*, client)',
  },
  {
    id: 'slack-bot-token-admin-scopes',
    platforms: ['slack'],
    definition:
      'approved app whose bot token (scopes with token_type bot) holds an admin scope: the legacy admin scope, any admin.* scope or the legacy client scope',
  },
  {
    id: 'slack-app-request-pending',
    platforms: ['slack'],
    definition:
      'app install request listed by admin.apps.requests.list (no admin has approved or restricted it) that asks for at least one high-sensitivity scope (the scopes of slack-third-party-app-sensitive-scopes)',
  },
];
