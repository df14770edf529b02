import type { AwsInlinePolicy, AwsManagedPolicy, PolicyDocument } from './types.js';

/**
 * Policy documents used by the generated AWS estate. AWS-managed documents are abridged (the real ReadOnlyAccess
 * lists hundreds of services) but keep the real names, ARNs, paths and statement structure.
 */
const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: Statement.flat(),
});

function awsManaged(
  name: string,
  path: string,
  document: PolicyDocument,
  description: string,
  created: string,
  versionId = 'v1',
): AwsManagedPolicy {
  return {
    arn: `arn:aws:iam::aws:policy${path}${name}`,
    name,
    policyId: `ANPA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, 'X')
      .slice(0, 17)}`,
    path,
    description,
    createDate: created,
    updateDate: created,
    versions: [{ versionId, isDefault: true, createDate: created, document }],
    awsManaged: true,
  };
}

export const AWS_MANAGED_POLICIES: AwsManagedPolicy[] = [
  awsManaged(
    'AdministratorAccess',
    '/',
    doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    'Provides full access to AWS services and resources.',
    '2015-02-06T18:39:46Z',
  ),
  awsManaged(
    'ReadOnlyAccess',
    '/',
    doc({
      Effect: 'Allow',
      Action: [
        'cloudwatch:Describe*',
        'cloudwatch:Get*',
        'cloudwatch:List*',
        'dynamodb:Describe*',
        'dynamodb:List*',
        'ec2:Describe*',
        'iam:Get*',
        'iam:List*',
        'lambda:Get*',
        'lambda:List*',
        's3:Get*',
        's3:List*',
        'sqs:Get*',
        'sqs:List*',
      ],
      Resource: '*',
    }),
    'Provides read-only access to AWS services and resources.',
    '2015-02-06T18:39:48Z',
    'v112',
  ),
  awsManaged(
    'PowerUserAccess',
    '/',
    doc(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ),
    'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    '2015-02-06T18:39:47Z',
    'v5',
  ),
  awsManaged(
    'IAMFullAccess',
    '/',
    doc({
      Effect: 'Allow',
      Action: [
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:ListAccounts',
      ],
      Resource: '*',
    }),
    'Provides full access to IAM via the AWS Management Console.',
    '2015-02-06T18:40:38Z',
    'v2',
  ),
  awsManaged(
    'AmazonS3FullAccess',
    '/',
    doc({ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }),
    'Provides full access to all buckets via the AWS Management Console.',
    '2015-02-06T18:40:58Z',
    'v2',
  ),
  awsManaged(
    'AmazonS3ReadOnlyAccess',
    '/',
    doc({
      Effect: 'Allow',
      Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
      Resource: '*',
    }),
    'Provides read only access to all buckets via the AWS Management Console.',
    '2015-02-06T18:40:59Z',
    'v3',
  ),
  awsManaged(
    'AmazonDynamoDBReadOnlyAccess',
    '/',
    doc({
      Effect: 'Allow',
      Action: [
        'dynamodb:BatchGetItem',
        'dynamodb:Describe*',
        'dynamodb:List*',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
      ],
      Resource: '*',
    }),
    'Provides read only access to Amazon DynamoDB.',
    '2015-02-06T18:40:34Z',
    'v14',
  ),
  awsManaged(
    'SecurityAudit',
    '/',
    doc({
      Effect: 'Allow',
      Action: [
        'iam:GenerateCredentialReport',
        'iam:Get*',
        'iam:List*',
        'ec2:Describe*',
        's3:GetBucketPolicy',
        's3:ListAllMyBuckets',
        'cloudtrail:DescribeTrails',
        'cloudtrail:LookupEvents',
      ],
      Resource: '*',
    }),
    'The security audit template grants access to read security configuration metadata.',
    '2015-02-06T18:41:01Z',
    'v39',
  ),
  awsManaged(
    'AWSLambdaBasicExecutionRole',
    '/service-role/',
    doc({
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    }),
    'Provides write permissions to CloudWatch Logs.',
    '2015-04-09T15:03:43Z',
  ),
  awsManaged(
    'AmazonSSMManagedInstanceCore',
    '/',
    doc({
      Effect: 'Allow',
      Action: [
        'ssm:DescribeAssociation',
        'ssm:GetDocument',
        'ssm:UpdateInstanceInformation',
        'ssmmessages:CreateControlChannel',
        'ssmmessages:OpenDataChannel',
        'ec2messages:GetMessages',
      ],
      Resource: '*',
    }),
    'The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.',
    '2019-03-15T17:22:12Z',
    'v2',
  ),
  awsManaged(
    'AWSSupportServiceRolePolicy',
    '/aws-service-role/',
    doc({
      Effect: 'Allow',
      Action: ['support:*', 'ec2:DescribeInstances', 'iam:GetRole', 'iam:ListRoles'],
      Resource: '*',
    }),
    'Enables resource access for AWS to provide billing, administrative and support services',
    '2018-04-19T18:04:44Z',
    'v30',
  ),
];

export const AWS_POLICY = Object.fromEntries(AWS_MANAGED_POLICIES.map((p) => [p.name, p.arn])) as Record<
  string,
  string
>;

interface CustomerPolicySpec {
  name: string;
  description: string;
  versions: Array<{ document: PolicyDocument; isDefault: boolean }>;
  /** Days since creation; each later version is 30 days younger. */
  age: number;
}
const spec = (
  name: string,
  description: string,
  versions: CustomerPolicySpec['versions'],
  age: number,
): CustomerPolicySpec => ({ name, description, versions, age });

/** Customer-managed policies every account has (a few are risky on purpose). */
export function customerPolicies(
  accountId: string,
  created: (days: number) => string,
  idFor: () => string,
): AwsManagedPolicy[] {
  return [...applicationPolicies(accountId), ...secretAndLogPolicies(accountId), ...operationsPolicies(accountId)].map(
    ({ name, description, versions, age }): AwsManagedPolicy => ({
      arn: `arn:aws:iam::${accountId}:policy/${name}`,
      name,
      policyId: `ANPA${idFor()}`,
      path: '/',
      description,
      createDate: created(age),
      updateDate: created(Math.max(1, age - 30 * (versions.length - 1))),
      versions: versions.map((v, i) => ({
        versionId: `v${i + 1}`,
        isDefault: v.isDefault,
        createDate: created(Math.max(1, age - 30 * i)),
        document: v.document,
      })),
      awsManaged: false,
    }),
  );
}

/** What the account's workloads use: CI deploys and application data (tables, queues). */
function applicationPolicies(accountId: string): CustomerPolicySpec[] {
  return [
    spec(
      'acme-ci-deploy',
      'CI deploys CloudFormation stacks',
      [
        {
          isDefault: true,
          document: doc(
            {
              Sid: 'Artifacts',
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: 'arn:aws:s3:::acme-artifacts/*',
            },
            { Sid: 'Stacks', Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' },
            { Sid: 'PassRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${accountId}:role/*` },
          ),
        },
      ],
      900,
    ),
    spec(
      'acme-app-data',
      'Application tables and queues',
      [
        {
          isDefault: true,
          document: doc(
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
              Resource: `arn:aws:dynamodb:us-east-1:${accountId}:table/app-*`,
            },
            {
              Effect: 'Allow',
              Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
              Resource: `arn:aws:sqs:us-east-1:${accountId}:app-*`,
            },
          ),
        },
      ],
      700,
    ),
  ];
}

/** Secrets and logs: read application secrets (KMS through Secrets Manager only), ship logs. */
function secretAndLogPolicies(accountId: string): CustomerPolicySpec[] {
  return [
    spec(
      'acme-secrets-read',
      'Read application secrets',
      [
        {
          isDefault: true,
          document: doc(
            {
              Effect: 'Allow',
              Action: 'secretsmanager:GetSecretValue',
              Resource: `arn:aws:secretsmanager:us-east-1:${accountId}:secret:app/*`,
            },
            {
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
            },
          ),
        },
      ],
      600,
    ),
    spec(
      'acme-logs-write',
      'Ship logs',
      [
        {
          isDefault: true,
          document: doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }),
        },
      ],
      500,
    ),
  ];
}

/** Operations policies: a former admin policy (admin only in a non-default version) and key rotation. */
function operationsPolicies(accountId: string): CustomerPolicySpec[] {
  return [
    // A former admin policy: version v1 was "*" on "*", the default v2 is harmless. Only the default counts.
    spec(
      'acme-legacy-ops',
      'Ops tooling (narrowed in v2)',
      [
        { isDefault: false, document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
        {
          isDefault: true,
          document: doc({ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'ec2:DescribeInstances'], Resource: '*' }),
        },
      ],
      1200,
    ),
    spec(
      'acme-key-rotation',
      'Rotates service-user keys',
      [
        {
          isDefault: true,
          document: doc({
            Effect: 'Allow',
            Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:UpdateAccessKey', 'iam:ListAccessKeys'],
            Resource: `arn:aws:iam::${accountId}:user/svc/*`,
          }),
        },
      ],
      400,
    ),
  ];
}

/** Inline policy templates. Shared objects: the generator never mutates them. */
export const INLINE_TEMPLATES = {
  s3Read: {
    name: 's3-read',
    document: doc({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-data/*'],
    }),
  },
  s3Write: {
    name: 's3-write',
    document: doc({
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: 'arn:aws:s3:::acme-exports/*',
    }),
  },
  sqsSend: {
    name: 'sqs-send',
    document: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:*:events-*' }),
  },
  ecrPush: {
    name: 'ecr-push',
    document: doc({
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken',
        'ecr:PutImage',
        'ecr:UploadLayerPart',
        'ecr:InitiateLayerUpload',
        'ecr:CompleteLayerUpload',
      ],
      Resource: '*',
    }),
  },
  // Statement as a single object (not an array) and Action as a string: both are legal and appear in the wild.
  metricsRead: {
    name: 'metrics-read',
    document: {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], Resource: '*' },
    },
  },
  bedrockInvoke: {
    name: 'bedrock-invoke',
    document: doc({
      Effect: 'Allow',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:CallWithBearerToken'],
      Resource: '*',
    }),
  },
  denyDelete: {
    name: 'deny-delete',
    document: doc(
      { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
      { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
    ),
  },
  // Risky ones.
  starStar: { name: 'full-access', document: doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }) },
  passRoleLambda: {
    name: 'lambda-deployer',
    document: doc({
      Effect: 'Allow',
      Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
      Resource: '*',
    }),
  },
  passRoleEc2: {
    name: 'ec2-launcher',
    document: doc(
      { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
    ),
  },
  createAccessKey: {
    name: 'key-minter',
    document: doc({ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:ListUsers'], Resource: '*' }),
  },
  attachUserPolicy: {
    name: 'policy-attacher',
    document: doc({ Effect: 'Allow', Action: ['iam:AttachUserPolicy', 'iam:ListPolicies'], Resource: '*' }),
  },
  iamPutStar: { name: 'iam-put', document: doc({ Effect: 'Allow', Action: 'iam:Put*', Resource: '*' }) },
} satisfies Record<string, AwsInlinePolicy>;

export const BENIGN_INLINE: AwsInlinePolicy[] = [
  INLINE_TEMPLATES.s3Read,
  INLINE_TEMPLATES.s3Write,
  INLINE_TEMPLATES.sqsSend,
  INLINE_TEMPLATES.ecrPush,
  INLINE_TEMPLATES.metricsRead,
  INLINE_TEMPLATES.denyDelete,
];
export const RISKY_INLINE: AwsInlinePolicy[] = [
  INLINE_TEMPLATES.starStar,
  INLINE_TEMPLATES.passRoleLambda,
  INLINE_TEMPLATES.passRoleEc2,
  INLINE_TEMPLATES.createAccessKey,
  INLINE_TEMPLATES.attachUserPolicy,
  INLINE_TEMPLATES.iamPutStar,
];
