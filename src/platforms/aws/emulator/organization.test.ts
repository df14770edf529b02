import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { generateAwsOrganization, MEMBER_ROLE, type OrganizationExpectations } from '../estate/organization.js';
import type { AwsEstateData } from '../estate/types.js';
import { startAwsEmulator, type AwsEmulator } from './index.js';

/**
 * The emulator's Organizations (awsJson1_1) and STS AssumeRole, through the official SDK clients: who may list
 * accounts, paging, the member role's trust, and session credentials opening the role's account.
 */
let data: AwsEstateData;
let expected: OrganizationExpectations;
let aws: AwsEmulator;

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const config = (credentials: Credentials) => ({
  region: 'us-east-1',
  endpoint: aws.emulator.url,
  credentials,
  maxAttempts: 1,
});
const keyOf = (accountId: string): Credentials => {
  const c = aws.credentials.find((x) => x.accountId === accountId)!;
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
};
const roleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${MEMBER_ROLE}`;
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => ({
      name: e.name,
      status: e.$metadata.httpStatusCode,
      message: e.message,
    }),
  );

beforeAll(async () => {
  const rng = new Random(3);
  const now = new Date('2026-11-01T00:00:00Z');
  const estate = generateAwsOrganization({ org: generateOrg(rng, 10, now), rng, count: 60, now, earlier: {} });
  data = estate.data;
  expected = estate.organization;
  aws = await startAwsEmulator(data);
});
afterAll(async () => aws?.emulator.close());

describe('AWS Organizations emulator', () => {
  it("lists the organization's accounts to the management account, paged by NextToken", async () => {
    const client = new OrganizationsClient(config(keyOf(expected.complete[0])));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListAccountsCommand({ MaxResults: 2, NextToken: token }));
      pages++;
      for (const a of page.Accounts ?? [])
        seen.push(`${a.Id} ${a.State} ${a.Status} ${a.JoinedTimestamp?.toISOString()}`);
      token = page.NextToken;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(
      data.organization!.accounts.map(
        (a) => `${a.accountId} ${a.state} ${a.state} ${new Date(a.joinedTimestamp).toISOString()}`,
      ),
    );
    expect(await errorOf(client.send(new ListAccountsCommand({ MaxResults: 21 })))).toMatchObject({
      name: 'InvalidInputException',
      status: 400,
    });
  });

  it('refuses a member account (AccessDeniedException) and an account outside any organization', async () => {
    const member = new OrganizationsClient(config(keyOf(expected.complete[1])));
    expect(await errorOf(member.send(new ListAccountsCommand({})))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: "You don't have permissions to access this resource.",
    });
    const outside = await startAwsEmulator({ ...data, organization: undefined });
    try {
      const c = outside.credentials[0];
      const client = new OrganizationsClient({
        ...config({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey }),
        endpoint: outside.emulator.url,
      });
      expect(await errorOf(client.send(new ListAccountsCommand({})))).toMatchObject({
        name: 'AWSOrganizationsNotInUseException',
        status: 400,
      });
    } finally {
      await outside.emulator.close();
    }
  });
});

describe('STS AssumeRole emulator', () => {
  const management = () => new STSClient(config(keyOf(expected.complete[0])));

  it('issues session credentials that open the member account, as the assumed role', async () => {
    const member = expected.complete[1];
    const out = await management().send(
      new AssumeRoleCommand({ RoleArn: roleArn(member), RoleSessionName: 'scan', ExternalId: expected.externalId }),
    );
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${member}:assumed-role/${MEMBER_ROLE}/scan`);
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const who = await new STSClient(config(session)).send(new GetCallerIdentityCommand({}));
    expect({ account: who.Account, arn: who.Arn }).toEqual({ account: member, arn: out.AssumedRoleUser?.Arn });
    const gaad = await new IAMClient(config(session)).send(new GetAccountAuthorizationDetailsCommand({}));
    const names = (gaad.RoleDetailList ?? []).map((r) => r.RoleName);
    const memberRoles = data.accounts.find((a) => a.accountId === member)!.roles.map((r) => r.roleName);
    expect(names).toEqual(memberRoles.slice(0, names.length));
    // The session key without its token is not accepted.
    const tokenless = new STSClient(
      config({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }),
    );
    expect(await errorOf(tokenless.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
  });

  it('refuses a missing role, a wrong external id, a role configured as refusing, and a too long session', async () => {
    const sts = management();
    const caller = `arn:aws:iam::${expected.complete[0]}:user/steward-scanner`;
    const assume = (accountId: string, externalId: string | undefined, seconds?: number) =>
      errorOf(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn(accountId),
            RoleSessionName: 'scan',
            ExternalId: externalId,
            DurationSeconds: seconds,
          }),
        ),
      );
    const refused = expected.assumeRoleRefused[0];
    expect(await assume(refused, expected.externalId)).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(refused)}`,
    });
    const member = expected.complete[1];
    expect(await assume(member, 'wrong-external-id')).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await assume(member, undefined)).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await assume(member, expected.externalId, 7200)).toMatchObject({ name: 'ValidationError', status: 400 });
    aws.control.refusedRoles = [roleArn(member)];
    try {
      expect(await assume(member, expected.externalId)).toMatchObject({ name: 'AccessDenied', status: 403 });
    } finally {
      aws.control.refusedRoles = [];
    }
    expect(await assume(member, expected.externalId)).toBeNull();
  });
});
