/**
 * The Salesforce org the generator builds and the emulator serves: one table of records per sObject, in the
 * vendor's field names (relationship fields nested, datetimes as `2024-06-01T07:12:00.000+0000`). Written from the
 * Object Reference, not from the connector's wire types.
 */
export type SfRecord = Record<string, unknown> & { Id: string | null };

export interface SalesforceTables {
  User: SfRecord[];
  ConnectedApplication: SfRecord[];
  OauthToken: SfRecord[];
  PermissionSetAssignment: SfRecord[];
  LoginHistory: SfRecord[];
  NamedCredential: SfRecord[];
  /** App Launcher items; a connected app's names its package's namespace (NamespacePrefix) when it came in one. */
  AppMenuItem: SfRecord[];
}

/** Objects only the Tooling API serves (`/services/data/vXX.X/tooling/query`). */
export interface SalesforceToolingTables {
  /** Packages installed in the org (SubscriberPackage: Name, NamespacePrefix; SubscriberPackageVersionId). */
  InstalledSubscriberPackage: SfRecord[];
  /** Package uninstall requests made through the Tooling API (Status Success once done). */
  SubscriberPackageVersionUninstallRequest: SfRecord[];
}
export type SObjectName = keyof SalesforceTables;

export interface SalesforceEstateData {
  /** My Domain name: the tenant (acme of acme.my.salesforce.com). */
  myDomain: string;
  organizationId: string;
  /** sObjects this org's edition or licences lack: a query on them answers 400 INVALID_TYPE. */
  editionLacks: SObjectName[];
  /** Daily API request allocation (Sforce-Limit-Info: api-usage=used/max). */
  dailyApiRequests: number;
  tables: SalesforceTables;
  tooling: SalesforceToolingTables;
}
