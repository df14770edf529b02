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
    definition: 'role trusting token.actions.githubusercontent.com without a condition on the sub claim',
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
];
