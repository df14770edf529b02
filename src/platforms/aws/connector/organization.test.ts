import type { Account, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from './assume-role.js';
import { AwsOptions } from './options.js';
import { failedListing, listAccounts, memberOptions, membersToScan } from './organization.js';

/**
 * AWS Organizations on hand-written payloads: ListAccounts pages as the SDK returns them (client-organizations'
 * Account shape), STS AssumeRole answers and refusals as client-sts throws them. Expected values are read off the
 * payloads by hand.
 */
const MANAGEMENT = '111111111111';
const account = (Id: string, State: string | undefined, Status?: string): Account =>
  ({
    Id,
    Arn: `arn:aws:organizations::${MANAGEMENT}:account/o-abcdefghij/${Id}`,
    Email: `aws+${Id}@example.com`,
    Name: `account-${Id}`,
    ...(State ? { State } : {}),
    ...(Status ? { Status } : {}),
    JoinedMethod: 'CREATED',
    JoinedTimestamp: new Date('2024-01-02T03:04:05Z'),
  }) as Account;

/** An error as the AWS SDK v3 throws a service's: name = the error code, HTTP status in $metadata. */
const sdkError = (name: string, status: number, message: string) =>
  Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });

const page1 = [account(MANAGEMENT, 'ACTIVE'), account('222222222222', 'ACTIVE'), account('333333333333', 'SUSPENDED')];
const page2 = [
  account('444444444444', 'PENDING_CLOSURE'),
  // An answer without State (older API version): Status decides.
  account('555555555555', undefined, 'ACTIVE'),
  account('666666666666', 'ACTIVE'),
];

describe('AWS Organizations member accounts', () => {
  it('lists every page, 20 accounts a call at most, passing NextToken back', async () => {
    const inputs: Array<Record<string, unknown>> = [];
    const client = {
      send: async (command: { input: Record<string, unknown> }) => {
        inputs.push(command.input);
        return command.input.NextToken === 'token-2' ? { Accounts: page2 } : { Accounts: page1, NextToken: 'token-2' };
      },
    } as unknown as OrganizationsClient;
    const accounts = await listAccounts(client, new AbortController().signal);
    expect(accounts.map((a) => a.Id)).toEqual([
      MANAGEMENT,
      '222222222222',
      '333333333333',
      '444444444444',
      '555555555555',
      '666666666666',
    ]);
    expect(inputs).toEqual([
      { MaxResults: 20, NextToken: undefined },
      { MaxResults: 20, NextToken: 'token-2' },
    ]);
  });

  it('scans ACTIVE members only, never the management account, minus exclude, only include', () => {
    const all = [...page1, ...page2];
    const org = { memberRole: 'Audit', concurrency: 4, exclude: [] as string[] };
    expect(membersToScan(all, MANAGEMENT, org)).toEqual(['222222222222', '555555555555', '666666666666']);
    expect(membersToScan(all, MANAGEMENT, { ...org, exclude: ['555555555555'] })).toEqual([
      '222222222222',
      '666666666666',
    ]);
    // include cannot bring back a suspended account, nor the management account
    expect(membersToScan(all, MANAGEMENT, { ...org, include: ['666666666666', '333333333333', MANAGEMENT] })).toEqual([
      '666666666666',
    ]);
  });

  it('a refused ListAccounts (HTTP 400 AccessDeniedException) is skipped, naming the endpoint and permission', () => {
    const denied = failedListing(
      sdkError('AccessDeniedException', 400, "You don't have permissions to access this resource."),
    );
    expect(denied).toMatchObject({
      source: 'organization-accounts',
      status: 'skipped',
      items: 0,
      problem: {
        endpoint: 'organizations:ListAccounts',
        httpStatus: 400,
        vendorCode: 'AccessDeniedException',
        permission: 'organizations:ListAccounts',
      },
    });
    const notInUse = failedListing(
      sdkError('AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.'),
    );
    expect(notInUse.status).toBe('skipped');
    expect(notInUse.problem?.message).toBe('Your account is not a member of an organization.');
  });

  it('a ListAccounts that fails on the vendor side (HTTP 500) is failed, without a permission to grant', () => {
    const failed = failedListing(sdkError('ServiceException', 500, 'Internal failure'));
    expect(failed.status).toBe('failed');
    expect(failed.problem).toMatchObject({ endpoint: 'organizations:ListAccounts', httpStatus: 500, permission: null });
  });
});

describe('AWS Organizations member options', () => {
  afterEach(() => {
    delete process.env.STEWARD_TEST_ORG_SECRET;
    delete process.env.STEWARD_TEST_ORG_EXTERNAL_ID;
  });

  it("are the management account's options as written, less organization, plus the member role to assume", () => {
    process.env.STEWARD_TEST_ORG_SECRET = 'management-secret-value';
    process.env.STEWARD_TEST_ORG_EXTERNAL_ID = 'external-id-value';
    const raw = {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: { env: 'STEWARD_TEST_ORG_SECRET' },
      region: 'eu-west-1',
      organization: { memberRole: 'StewardAudit', externalId: { env: 'STEWARD_TEST_ORG_EXTERNAL_ID' }, concurrency: 2 },
    };
    const options = memberOptions(raw, AwsOptions.parse(raw), '222222222222');
    expect(options).toEqual({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: { env: 'STEWARD_TEST_ORG_SECRET' },
      region: 'eu-west-1',
      assumeRole: {
        roleArn: 'arn:aws:iam::222222222222:role/StewardAudit',
        externalId: { env: 'STEWARD_TEST_ORG_EXTERNAL_ID' },
      },
    });
    // They validate as a member job's options, the external id resolved only then.
    expect(AwsOptions.parse(options).assumeRole).toEqual({
      roleArn: 'arn:aws:iam::222222222222:role/StewardAudit',
      externalId: 'external-id-value',
    });
  });

  it('name the partition of China and GovCloud regions in the role ARN', () => {
    const raw = { region: 'cn-north-1', organization: { memberRole: 'Audit' } };
    expect(memberOptions(raw, AwsOptions.parse(raw), '222222222222')).toMatchObject({
      assumeRole: { roleArn: 'arn:aws-cn:iam::222222222222:role/Audit' },
    });
  });

  it('refuse a role ARN as memberRole, and organization together with assumeRole', () => {
    expect(AwsOptions.safeParse({ organization: { memberRole: 'arn:aws:iam::1:role/x' } }).success).toBe(false);
    const both = AwsOptions.safeParse({
      organization: { memberRole: 'Audit' },
      assumeRole: { roleArn: 'arn:aws:iam::222222222222:role/Audit' },
    });
    expect(both.success).toBe(false);
  });
});

describe('STS AssumeRole session credentials', () => {
  const ROLE = { roleArn: 'arn:aws:iam::222222222222:role/StewardAudit', externalId: 'external-id-value' };
  const expiration = new Date('2026-01-01T01:00:00Z');
  const answer = {
    Credentials: {
      AccessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      SessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
      Expiration: expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: 'AROA3XFRBF535PLBIFPI4:steward-scan',
      Arn: 'arn:aws:sts::222222222222:assumed-role/StewardAudit/steward-scan',
    },
  };

  function stubSts(assume: () => unknown) {
    const calls: Array<{ command: string; input: Record<string, unknown> }> = [];
    const sts = {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name.replace(/Command$/, '');
        calls.push({ command: name, input: command.input });
        if (name === 'GetCallerIdentity')
          return {
            Account: '111111111111',
            Arn: 'arn:aws:iam::111111111111:user/steward-scanner',
            UserId: 'AIDAEXAMPLE',
          };
        return assume();
      },
    } as unknown as STSClient;
    return { sts, calls };
  }

  it('assumes the role once with its external id, and again only shortly before the session expires', async () => {
    const { sts, calls } = stubSts(() => answer);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const session = assumeRoleCredentials(sts, ROLE, () => now);
    const first = await session();
    expect(first).toEqual({
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
      expiration,
    });
    now = Date.parse('2026-01-01T00:54:00Z'); // 6 minutes left: still used
    await session();
    expect(calls).toEqual([
      {
        command: 'AssumeRole',
        input: {
          RoleArn: ROLE.roleArn,
          RoleSessionName: 'steward-scan',
          DurationSeconds: 3600,
          ExternalId: 'external-id-value',
        },
      },
    ]);
    now = Date.parse('2026-01-01T00:56:00Z'); // 4 minutes left: asked anew
    await session();
    expect(calls.filter((c) => c.command === 'AssumeRole')).toHaveLength(2);
  });

  it('a refused AssumeRole names sts:AssumeRole, the role ARN and the caller, and is not cached', async () => {
    const message =
      'User: arn:aws:iam::111111111111:user/steward-scanner is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/StewardAudit';
    const { sts, calls } = stubSts(() => {
      throw sdkError('AccessDenied', 403, message);
    });
    const session = assumeRoleCredentials(sts, ROLE);
    const error = await session().then(
      () => null,
      (e: Error & { details?: Record<string, unknown> }) => e,
    );
    expect(error?.message).toContain(
      'sts:AssumeRole of arn:aws:iam::222222222222:role/StewardAudit as arn:aws:iam::111111111111:user/steward-scanner failed (AccessDenied)',
    );
    expect(error?.message).toContain(message);
    expect(error?.details).toMatchObject({ call: 'sts:AssumeRole', httpStatus: 403, vendorCode: 'AccessDenied' });
    await expect(session()).rejects.toThrow(/sts:AssumeRole/);
    expect(calls.filter((c) => c.command === 'AssumeRole')).toHaveLength(2);
  });
});
