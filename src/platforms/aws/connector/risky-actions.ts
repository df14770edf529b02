import type { Sensitivity } from '../../../model/index.js';

/**
 * The AWS action mapping table (data, not code): which IAM actions are admin, which are a path to admin, and how
 * sensitive each service's data is. Patterns use IAM's own wildcards; matching is case-insensitive.
 */

/** Full administrator: any of these on Resource "*". */
export const ADMIN_ACTIONS = ['*', '*:*'];

/** Each lets a principal grant itself (or a principal it controls) more power: a path to admin on a wildcard resource. */
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

/** iam:PassRole is a path to admin together with any of these (launch compute that runs as a passed role). */
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

/** Action-name prefixes that only read. Everything else (and a bare "*") writes. */
export const READ_VERB_PREFIXES = [
  'Get',
  'List',
  'Describe',
  'Head',
  'BatchGet',
  'Query',
  'Scan',
  'Lookup',
  'Search',
  'View',
  'Select',
];

export const SERVICE_SENSITIVITY: Record<string, Sensitivity> = {
  iam: 'high',
  sts: 'high',
  organizations: 'high',
  account: 'high',
  kms: 'high',
  secretsmanager: 'high',
  ssm: 'high',
  s3: 'high',
  's3-object-lambda': 'high',
  dynamodb: 'high',
  rds: 'high',
  cloudtrail: 'high',
  ec2: 'medium',
  lambda: 'medium',
  ecs: 'medium',
  eks: 'medium',
  ecr: 'medium',
  cloudformation: 'medium',
  sqs: 'medium',
  sns: 'medium',
  glue: 'medium',
  logs: 'low',
  cloudwatch: 'low',
  xray: 'low',
  tag: 'low',
  health: 'low',
  support: 'low',
  ssmmessages: 'low',
  ec2messages: 'low',
};
