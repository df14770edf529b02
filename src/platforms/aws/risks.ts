import type { RiskDefinition } from '../../analysis/risk/catalogue.js';

/** The planted risks this platform's rules find (ids = rule ids); the estate generator labels by these definitions. */
export const awsRisks: RiskDefinition[] = [
  { id: 'aws-root-access-key', platforms: ['aws'], definition: 'the account root user has an active access key' },
  {
    id: 'aws-admin-user-access-key',
    platforms: ['aws'],
    definition: 'IAM user with an active access key holding admin (AdministratorAccess or "*" on "*")',
  },
  {
    id: 'aws-oidc-trust-without-sub',
    platforms: ['aws'],
    definition:
      'role trusting token.actions.githubusercontent.com where no StringEquals/StringLike condition on the sub claim or on a repository claim (repository, repository_id, job_workflow_ref, enterprise_id) names a repository owner without a wildcard',
  },
  {
    id: 'aws-cross-account-no-external-id',
    platforms: ['aws'],
    definition: 'role trusting another AWS account without an sts:ExternalId condition',
  },
  {
    id: 'aws-privilege-escalation',
    platforms: ['aws'],
    definition:
      'holds a permission marked pathToAdmin that is not plain admin (iam:PassRole with create, iam:CreateAccessKey on *, ...)',
  },
  {
    id: 'aws-service-credential-no-expiry',
    platforms: ['aws'],
    definition:
      'IAM user with an active service-specific credential that is an API key of a service that supports expiry (bedrock.amazonaws.com, logs.amazonaws.com) without an ExpirationDate, or that was created more than rotationDays ago',
  },
  {
    id: 'aws-unused-permissions',
    platforms: ['aws'],
    definition:
      'IAM user or role whose account has an ACTIVE ACCOUNT_UNUSED_ACCESS Access Analyzer analyzer holding an ACTIVE UnusedIAMRole or UnusedPermission finding on its ARN',
  },
  {
    id: 'aws-unused-services',
    platforms: ['aws'],
    definition:
      'IAM user or role created staleDays ago or more, scanned with the option serviceLastAccessed, that its last-accessed report shows allowed at least one service it did not authenticate to in the last staleDays (or ever)',
  },
];
