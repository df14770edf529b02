/**
 * The AWS estate as the emulator serves it: one entry per AWS account (= one Steward tenant, keyed by the
 * 12-digit account id). Field values are vendor-shaped (ISO dates with whole seconds, "Active"/"Inactive").
 */

/** An IAM policy document (JSON). Statement may be an object or an array, Action/Resource a string or array. */
export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface AwsTag {
  Key: string;
  Value: string;
}

export interface AwsAccessKey {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  /** null = never used (GetAccessKeyLastUsed: no date, ServiceName/Region "N/A"). */
  lastUsedDate: string | null;
  lastUsedService: string;
  lastUsedRegion: string;
}

export interface AwsInlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface AwsLoginProfile {
  createDate: string;
  /** Last console sign-in; null = never. */
  lastUsed: string | null;
  lastChanged: string;
}

/**
 * A service-specific credential (ListServiceSpecificCredentials): CodeCommit/Keyspaces passwords, Bedrock and
 * CloudWatch Logs API keys (those may expire).
 */
export interface AwsServiceCredential {
  serviceSpecificCredentialId: string;
  serviceName: string;
  serviceUserName: string | null;
  /** Bedrock / CloudWatch Logs API keys: the public part of the key. */
  serviceCredentialAlias: string | null;
  status: 'Active' | 'Inactive' | 'Expired';
  createDate: string;
  /** Only API keys created with an expiry period have one. */
  expirationDate: string | null;
}

/** An SSH public key for CodeCommit (ListSSHPublicKeys): id, status and upload date; never expires. */
export interface AwsSshKey {
  sshPublicKeyId: string;
  status: 'Active' | 'Inactive';
  uploadDate: string;
}

/** An X.509 signing certificate (ListSigningCertificates; the report's cert_1/cert_2 columns). */
export interface AwsSigningCertificate {
  certificateId: string;
  status: 'Active' | 'Inactive';
  uploadDate: string;
}

export interface AwsUser {
  userName: string;
  userId: string;
  path: string;
  createDate: string;
  /** Console password (login profile); null = none. */
  password: AwsLoginProfile | null;
  mfaActive: boolean;
  accessKeys: AwsAccessKey[];
  serviceCredentials: AwsServiceCredential[];
  sshPublicKeys: AwsSshKey[];
  signingCertificates: AwsSigningCertificate[];
  attachedPolicyArns: string[];
  inlinePolicies: AwsInlinePolicy[];
  groups: string[];
  tags: AwsTag[];
  /** How it used the services its policies allow (IAM last accessed); absent: all of them 2 days ago. */
  serviceUse?: AwsServiceUse;
}

/** A planted last-accessed pattern (service-access.ts): the first allowed service used or not, the others when. */
export interface AwsServiceUse {
  usedFirst: boolean;
  /** Days since the other services were last used; null: never (within IAM's tracking period). */
  othersDaysAgo: number | null;
  /**
   * By namespace: days since the service was last used, overriding the two rules above for it. For a service IAM
   * tracks actions of (TRACKED_ACTIONS), `actions` names the ones used then; absent: its first catalogue action.
   */
  byNamespace?: Record<string, { daysAgo: number; actions?: string[] }>;
}

export interface AwsGroup {
  groupName: string;
  groupId: string;
  path: string;
  createDate: string;
  attachedPolicyArns: string[];
  inlinePolicies: AwsInlinePolicy[];
}

export interface AwsRole {
  roleName: string;
  roleId: string;
  path: string;
  createDate: string;
  description: string | null;
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  attachedPolicyArns: string[];
  inlinePolicies: AwsInlinePolicy[];
  tags: AwsTag[];
  /** RoleLastUsed (only tracked for the trailing 400 days); null = no date. */
  lastUsed: { date: string; region: string } | null;
  /** Name of the instance profile holding the role (EC2 roles), if any. */
  instanceProfile: string | null;
  /** As AwsUser.serviceUse. */
  serviceUse?: AwsServiceUse;
}

export interface AwsPolicyVersion {
  versionId: string;
  isDefault: boolean;
  createDate: string;
  document: PolicyDocument;
}

export interface AwsManagedPolicy {
  arn: string;
  name: string;
  policyId: string;
  path: string;
  description: string;
  createDate: string;
  updateDate: string;
  versions: AwsPolicyVersion[];
  awsManaged: boolean;
}

export interface AwsRootUser {
  createDate: string;
  passwordLastUsed: string | null;
  mfaActive: boolean;
  /** Root access keys (a planted risk when one is active). At most two. */
  accessKeys: AwsAccessKey[];
}

export interface AwsAccount {
  accountId: string;
  alias: string;
  root: AwsRootUser;
  users: AwsUser[];
  groups: AwsGroup[];
  roles: AwsRole[];
  /** Customer-managed policies. AWS-managed ones come from AWS_MANAGED_POLICIES (shared by every account). */
  policies: AwsManagedPolicy[];
  oidcProviders: AwsOidcProvider[];
  samlProviders: AwsSamlProvider[];
  /** The account's IAM Access Analyzer analyzer of type ACCOUNT_UNUSED_ACCESS, if it created one. */
  unusedAccessAnalyzer: AwsUnusedAccessAnalyzer | null;
}

/** An ACCOUNT_UNUSED_ACCESS analyzer (ListAnalyzers) and its findings (ListFindingsV2). */
export interface AwsUnusedAccessAnalyzer {
  name: string;
  createdAt: string;
  status: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED';
  /** Days without use after which access is reported unused (the analyzer's configuration). */
  unusedAccessAge: number;
  findings: AwsUnusedAccessFinding[];
}

export interface AwsUnusedAccessFinding {
  /** A UUID, as Access Analyzer's finding ids are. */
  id: string;
  /** The principal's ARN. */
  resource: string;
  resourceType: 'AWS::IAM::Role' | 'AWS::IAM::User';
  findingType: 'UnusedIAMRole' | 'UnusedPermission' | 'UnusedIAMUserAccessKey' | 'UnusedIAMUserPassword';
  status: 'ACTIVE' | 'ARCHIVED' | 'RESOLVED';
  createdAt: string;
  updatedAt: string;
  analyzedAt: string;
}

/** An IAM OIDC identity provider (GetOpenIDConnectProvider). Its ARN is `…:oidc-provider/<url>`. */
export interface AwsOidcProvider {
  /** Issuer host and path, no scheme, as IAM keeps it. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: string;
  tags: AwsTag[];
}

/** An IAM SAML identity provider (ListSAMLProviders). Its ARN is `…:saml-provider/<name>`. */
export interface AwsSamlProvider {
  name: string;
  createDate: string;
  validUntil: string | null;
}

/**
 * An AWS Organization over the estate's accounts (only in an organization estate, organization.ts): ListAccounts
 * answers the management account's callers with `accounts`; STS AssumeRole into a member role follows its trust.
 */
export interface AwsOrganization {
  /** 'o-' and 10 lower-case letters or digits. */
  id: string;
  managementAccountId: string;
  /** Every account of the organization, the management account first; some are not among the estate's accounts. */
  accounts: AwsOrganizationAccount[];
}

export interface AwsOrganizationAccount {
  accountId: string;
  name: string;
  email: string;
  state: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  joinedMethod: 'CREATED' | 'INVITED';
  joinedTimestamp: string;
}

export interface AwsEstateData {
  /** The estate's "now" (the credential report's GeneratedTime). */
  now: string;
  accounts: AwsAccount[];
  /** AWS-managed policies referenced by any account (by ARN). */
  awsManagedPolicies: AwsManagedPolicy[];
  /**
   * Whether the emulated tenants are scanned with the connector option `userKeyLists` (SSH keys and signing
   * certificates read per user). Off, like the option's default: the labels then carry no SSH key or certificate
   * (a default scan cannot see them), though the emulator serves them.
   */
  userKeyLists: boolean;
  /**
   * Whether the emulated tenants are scanned with the connector option `serviceLastAccessed` (IAM last-accessed jobs
   * per user and role). Off, like the option's default: the labels then carry no aws-unused-services risk.
   */
  serviceLastAccessed: boolean;
  /** Absent in the default estate: ListAccounts then answers AWSOrganizationsNotInUseException. */
  organization?: AwsOrganization;
}
