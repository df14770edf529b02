/**
 * The estate's own catalogue of IAM facts (from AWS's documentation of IAM actions and the published privilege-
 * escalation research), used by the label oracle. The connector keeps its own mapping table
 * (../connector/risky-actions.ts); agreement.test.ts compares the two and explains every difference.
 */

/** Full administrator: any of these actions on Resource "*". */
export const ADMIN_ACTIONS = ['*', '*:*'];

/** Each lets a principal give itself (or a principal it controls) more power: a path to admin on a wildcard resource. */
export const ESCALATION_ACTIONS = [
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AddUserToGroup',
  'iam:UpdateAssumeRolePolicy',
];

/** Actions that launch compute running as a passed role: with iam:PassRole on a wildcard, a path to admin. */
export const PASSROLE_COMPUTE_ACTIONS = [
  'lambda:CreateFunction',
  'ec2:RunInstances',
  'cloudformation:CreateStack',
  'glue:CreateDevEndpoint',
  'ecs:RunTask',
  'codebuild:CreateProject',
  'sagemaker:CreateNotebookInstance',
  'datapipeline:CreatePipeline',
];

/** The OIDC issuer of GitHub Actions. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/**
 * GitHub Actions' OIDC issuer as an IAM OIDC provider is registered: its URL (IAM keeps it without the scheme) and
 * the certificate thumbprints GitHub publishes for it.
 */
export const GITHUB_OIDC_ISSUER = {
  url: GITHUB_OIDC_HOST,
  thumbprints: ['6938fd4d98bab03faadb97b34396831e3780aea1', '1c58a3a8518e8759bf075b76b750d4f2df264fcd'],
};

/** Services whose service-specific credentials are API keys that may carry an expiry (Bedrock, CloudWatch Logs). */
export const API_KEY_SERVICES = ['bedrock.amazonaws.com', 'logs.amazonaws.com'];

/**
 * The provider-specific GitHub claims AWS STS validates since January 2026 that pin the repository (or enterprise) a
 * workflow runs in: a trust conditioned on one of them is not open to any repository.
 */
export const GITHUB_REPOSITORY_CLAIMS = ['repository', 'repository_id', 'job_workflow_ref', 'enterprise_id'];
