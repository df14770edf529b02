import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/**
 * The estate's own catalogue of Salesforce facts (Salesforce Help "User Permissions", "Standard Profiles",
 * Object Reference LoginHistory), written from the vendor's documentation — never from the connector's tables.
 * estate/agreement.test.ts compares the two.
 */
export interface PermissionTier {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

/** System permission (API field without `Permissions`) → tier. */
export const PERMISSION_TIERS: Readonly<Record<string, PermissionTier>> = {
  ModifyAllData: { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  ManageUsers: { access: 'admin', sensitivity: 'high', pathToAdmin: true },
  CustomizeApplication: { access: 'write', sensitivity: 'high', pathToAdmin: true },
  AuthorApex: { access: 'write', sensitivity: 'high', pathToAdmin: true },
  ViewAllData: { access: 'read', sensitivity: 'high', pathToAdmin: false },
  ApiEnabled: { access: 'read', sensitivity: 'low', pathToAdmin: false },
};
export const tierOf = (permission: string): PermissionTier => {
  const tier = PERMISSION_TIERS[permission];
  if (!tier) throw new Error(`salesforce estate: no tier for ${permission}`);
  return tier;
};

/** Permissions that open every record (the integration-user rule's definition). */
export const ALL_DATA_PERMISSIONS = ['ModifyAllData', 'ViewAllData'];

export interface ProfileDef {
  name: string;
  licence: string;
  apiOnly: boolean;
  permissions: string[];
}

export const INTEGRATION_LICENCE = 'Salesforce Integration';

export const PROFILES = {
  admin: {
    name: 'System Administrator',
    licence: 'Salesforce',
    apiOnly: false,
    permissions: ['ModifyAllData', 'ViewAllData', 'ManageUsers', 'CustomizeApplication', 'AuthorApex', 'ApiEnabled'],
  },
  standard: { name: 'Standard User', licence: 'Salesforce', apiOnly: false, permissions: ['ApiEnabled'] },
  apiOnlyIntegration: {
    name: 'Minimum Access - API Only Integrations',
    licence: INTEGRATION_LICENCE,
    apiOnly: true,
    permissions: ['ApiEnabled'],
  },
  customApiOnly: { name: 'Integration API Only', licence: 'Salesforce', apiOnly: true, permissions: ['ApiEnabled'] },
  integrationLicenceFull: {
    name: 'Legacy Integration Admin',
    licence: INTEGRATION_LICENCE,
    apiOnly: false,
    permissions: ['ApiEnabled', 'ViewAllData'],
  },
} satisfies Record<string, ProfileDef>;

export interface PermissionSetDef {
  name: string;
  label: string;
  permissions: string[];
}

/** Permission sets integration users are given (the first grants Modify All Data). */
export const PERMISSION_SETS: PermissionSetDef[] = [
  {
    name: 'Integration_Full_Access',
    label: 'Integration Full Access',
    permissions: ['ModifyAllData', 'ViewAllData', 'ApiEnabled'],
  },
  { name: 'Data_Export_Read_All', label: 'Data Export Read All', permissions: ['ViewAllData'] },
  { name: 'CRM_Sync_Objects', label: 'CRM Sync Objects', permissions: [] },
  { name: 'Apex_Deployer', label: 'Apex Deployer', permissions: ['AuthorApex', 'CustomizeApplication'] },
  { name: 'Marketing_Sync', label: 'Marketing Sync', permissions: ['ApiEnabled'] },
];

/** LoginHistory.LoginType of API and OAuth logins, and of the browser login. */
export const API_LOGIN_TYPES = ['Remote Access 2.0', 'Other Apex API', 'SOAP Partner', 'Remote Access Client'];
export const UI_LOGIN_TYPE = 'Application';

/** Salesforce keeps LoginHistory six months; the estate writes logins within this many days. */
export const LOGIN_WINDOW_DAYS = 175;

/** Connected apps: the Drift-like third party first, then a pool of integrations. */
export const DRIFT_LIKE_APP = 'Drift';
export const APP_NAMES = [
  'Salesloft',
  'DocuSign for Salesforce',
  'Zapier',
  'Slack for Salesforce',
  'HubSpot Sync',
  'Outreach',
  'Gong',
  'Data Loader',
  'Jira Cloud Connector',
  'Tableau CRM Sync',
  'Workato',
  'Mulesoft Anypoint',
  'Finance ETL',
  'Support Portal Bridge',
];
/**
 * Apps a third party publishes in a managed package from AppExchange (Packaging Guide: a managed package carries
 * its publisher's registered namespace prefix, and so does every component in it — AppMenuItem.NamespacePrefix of
 * its connected app). Apps not listed here were built in the org itself (no namespace): in-house integrations and
 * the org's own copies of Salesforce tools. Namespace, package name and publisher site are the estate's own.
 */
export interface PackagedApp {
  namespace: string;
  packageName: string;
  infoUrl: string;
}
export const PACKAGED_APPS: Readonly<Record<string, PackagedApp>> = {
  Drift: { namespace: 'drift', packageName: 'Drift for Salesforce', infoUrl: 'https://www.drift.example/salesforce' },
  Salesloft: { namespace: 'cadence', packageName: 'Salesloft', infoUrl: 'https://salesloft.example' },
  'DocuSign for Salesforce': {
    namespace: 'dsfs',
    packageName: 'DocuSign eSignature for Salesforce',
    infoUrl: 'https://www.docusign.example/salesforce',
  },
  Zapier: { namespace: 'zapier', packageName: 'Zapier for Salesforce', infoUrl: 'https://zapier.example' },
  'Slack for Salesforce': {
    namespace: 'slackv2',
    packageName: 'Slack for Salesforce',
    infoUrl: 'https://slack.example',
  },
  'HubSpot Sync': { namespace: 'hubspot', packageName: 'HubSpot Sales', infoUrl: 'https://www.hubspot.example' },
  Outreach: { namespace: 'outreach', packageName: 'Outreach', infoUrl: 'https://www.outreach.example' },
  Gong: { namespace: 'gong', packageName: 'Gong for Salesforce', infoUrl: 'https://www.gong.example' },
  'Jira Cloud Connector': {
    namespace: 'jiracloud',
    packageName: 'Jira Cloud Connector',
    infoUrl: 'https://atlassian.example',
  },
  Workato: { namespace: 'workato', packageName: 'Workato', infoUrl: 'https://www.workato.example' },
};

/** Apps Salesforce itself installs (their tokens appear in OauthToken without a ConnectedApplication row). */
export const BUILT_IN_APPS = ['Salesforce CLI', 'Salesforce for Outlook'];

/** Days a refresh token lives when the policy sets one (RefreshTokenValidityPeriod with its unit folded in). */
export const REFRESH_PERIODS = [30, 90, 180, 365];

/** Named credentials: DeveloperName and endpoint; PrincipalType values (NamedUser = one identity for every caller). */
export const NAMED_CREDENTIAL_ENDPOINTS: ReadonlyArray<readonly [string, string]> = [
  ['ERP_API', 'https://erp.example/api'],
  ['Billing_Gateway', 'https://billing.example/v2'],
  ['Data_Warehouse', 'https://warehouse.example'],
  ['Slack_Webhook', 'https://hooks.slack.example/services'],
];
export const PRINCIPAL_TYPES = ['NamedUser', 'Anonymous', 'PerUser'];

export const INTEGRATION_NAMES = [
  'etl',
  'marketing-sync',
  'billing',
  'backup',
  'support-bridge',
  'analytics',
  'erp',
  'cpq',
];
