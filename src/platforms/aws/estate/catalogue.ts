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
