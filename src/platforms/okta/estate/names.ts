/** Name pools for the generated Okta org (synthetic). */
export const APP_WORDS = [
  'billing',
  'payroll',
  'reporting',
  'hr',
  'provisioning',
  'audit',
  'crm',
  'ledger',
  'inventory',
  'support',
  'analytics',
  'deploy',
  'backup',
  'onboarding',
  'directory',
];

/** Human SSO apps: [label, signOnMode]. */
export const SSO_APPS: ReadonlyArray<readonly [string, 'SAML_2_0' | 'BOOKMARK' | 'AUTO_LOGIN']> = [
  ['Expense Tracker', 'SAML_2_0'],
  ['Wiki', 'SAML_2_0'],
  ['Ticket Desk', 'SAML_2_0'],
  ['Benefits Portal', 'BOOKMARK'],
  ['Travel Booking', 'BOOKMARK'],
  ['Legacy Intranet', 'AUTO_LOGIN'],
];

export const TOKEN_NAMES = [
  'scim-connector',
  'terraform-okta',
  'hr-sync',
  'offboarding-script',
  'audit-export',
  'group-sync',
  'ci-provisioner',
  'helpdesk-tool',
  'siem-pull',
  'migration',
];

/** OIN API service integrations: [type, name, scopes it asks for]. */
export const INTEGRATIONS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['vigil_log_streamer', 'Vigil Log Streamer', ['okta.logs.read']],
  ['nimbus_siem', 'Nimbus SIEM Connector', ['okta.logs.read', 'okta.users.read']],
  ['ledger_access_review', 'Ledger Access Review', ['okta.users.read', 'okta.groups.read', 'okta.apps.read']],
  ['keystone_itdr', 'Keystone ITDR', ['okta.users.read', 'okta.logs.read', 'okta.roles.read']],
  ['harbor_lifecycle', 'Harbor Lifecycle Automation', ['okta.users.read', 'okta.groups.manage']],
];
