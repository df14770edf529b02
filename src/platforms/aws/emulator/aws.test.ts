import {
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GenerateCredentialReportCommand,
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolesCommand,
  GetAccessKeyLastUsedCommand,
  GetOpenIDConnectProviderCommand,
  ListServiceSpecificCredentialsCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { AwsEstateData } from '../estate/index.js';
import { awsEmulatorPlugin, startAwsEmulator, type AwsEmulator } from './index.js';
import { CREDENTIAL_REPORT_COLUMNS } from './credential-report.js';

let data: AwsEstateData;
let aws: AwsEmulator;
const client = (i = 0, secret?: string, maxAttempts = 3) =>
  new IAMClient({
    region: 'us-east-1',
    endpoint: aws.emulator.url,
    credentials: {
      accessKeyId: aws.credentials[i].accessKeyId,
      secretAccessKey: secret ?? aws.credentials[i].secretAccessKey,
    },
    maxAttempts,
  });

beforeAll(async () => {
  data = (await generateEstate({ seed: 5, size: 120, platforms: ['aws'] })).platforms.aws as AwsEstateData;
  aws = await startAwsEmulator(data);
});
afterAll(async () => aws?.emulator.close());

describe('AWS IAM emulator (awsQuery over HTTP, through @aws-sdk/client-iam)', () => {
  it('lists service-specific credentials of all users (paged) or one user, and refuses AllUsers with UserName', async () => {
    const expected = data.accounts[0].users.flatMap((u) =>
      u.serviceCredentials.map((c) => `${u.userName} ${c.serviceSpecificCredentialId}`),
    );
    expect(expected.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client().send(
        new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 2, Marker: marker }),
      );
      for (const c of page.ServiceSpecificCredentials ?? [])
        seen.push(`${c.UserName} ${c.ServiceSpecificCredentialId}`);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    expect(seen).toEqual(expected);
    const bedrock = await client().send(
      new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: 'bedrock.amazonaws.com' }),
    );
    expect(bedrock.ServiceSpecificCredentials?.every((c) => c.ServiceName === 'bedrock.amazonaws.com')).toBe(true);
    await expect(
      client().send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, UserName: 'svc-bedrock-agent' })),
    ).rejects.toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
    // Without UserName and AllUsers: the caller's own (the scanner has none).
    expect((await client().send(new ListServiceSpecificCredentialsCommand({}))).ServiceSpecificCredentials).toEqual([]);
  });

  it('GetOpenIDConnectProvider answers NoSuchEntity for an unknown provider and InvalidInput for a bad ARN', async () => {
    await expect(
      client().send(
        new GetOpenIDConnectProviderCommand({
          OpenIDConnectProviderArn: `arn:aws:iam::${data.accounts[0].accountId}:oidc-provider/example.com`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
    await expect(
      client().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: 'not-an-arn-at-all-xxxxx' })),
    ).rejects.toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
  });

  it('pages ListUsers with Marker/IsTruncated and picks the account by access key', async () => {
    for (const i of [0, 1]) {
      const names: string[] = [];
      let pages = 0;
      for await (const page of paginateListUsers({ client: client(i), pageSize: 7 }, {})) {
        pages++;
        for (const u of page.Users ?? []) names.push(u.UserName!);
      }
      expect(names).toEqual(data.accounts[i].users.map((u) => u.userName));
      expect(pages).toBe(Math.ceil(names.length / 7));
    }
  });

  it('ListRoles omits RoleLastUsed and tags; GetRole has them; trust documents are URL-encoded JSON', async () => {
    const listed = (await client().send(new ListRolesCommand({ MaxItems: 1000 }))).Roles!;
    expect(listed.length).toBe(data.accounts[0].roles.length);
    expect(listed.every((r) => r.RoleLastUsed === undefined && r.Tags === undefined)).toBe(true);
    const used = data.accounts[0].roles.find((r) => r.lastUsed && r.tags.length)!;
    const role = (await client().send(new GetRoleCommand({ RoleName: used.roleName }))).Role!;
    expect(role.RoleLastUsed?.LastUsedDate?.toISOString()).toBe(new Date(used.lastUsed!.date).toISOString());
    expect(role.Tags).toEqual(used.tags);
    expect(role.AssumeRolePolicyDocument).toMatch(/^%7B/);
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!))).toEqual(used.trustPolicy);
    await expect(client().send(new GetRoleCommand({ RoleName: 'no-such-role' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('serves access keys, key last use (N/A when never used) and GetAccountAuthorizationDetails pages', async () => {
    const u = data.accounts[0].users.find((x) => x.accessKeys.some((k) => k.lastUsedDate === null))!;
    const keys = (await client().send(new ListAccessKeysCommand({ UserName: u.userName }))).AccessKeyMetadata!;
    expect(keys.map((k) => k.AccessKeyId)).toEqual(u.accessKeys.map((k) => k.accessKeyId));
    const never = u.accessKeys.find((k) => k.lastUsedDate === null)!;
    const last = await client().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: never.accessKeyId }));
    expect(last.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });

    let items = 0;
    let marker: string | undefined;
    do {
      const page = await client().send(
        new GetAccountAuthorizationDetailsCommand({ MaxItems: 25, Marker: marker, Filter: ['User', 'Role'] }),
      );
      const n =
        (page.UserDetailList?.length ?? 0) +
        (page.RoleDetailList?.length ?? 0) +
        (page.GroupDetailList?.length ?? 0) +
        (page.Policies?.length ?? 0);
      expect(n).toBeLessThanOrEqual(25);
      expect(page.GroupDetailList ?? []).toHaveLength(0);
      items += n;
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    expect(items).toBe(data.accounts[0].users.length + data.accounts[0].roles.length);
    await expect(client().send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1001 }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('GetAccountAuthorizationDetails honours Filter (records it), ties markers to it, lists AWS-managed policies only when attached', async () => {
    const a = data.accounts[0];
    const before = aws.control.gaadFilters.length;
    const held = await client().send(
      new GetAccountAuthorizationDetailsCommand({
        MaxItems: 1000,
        Filter: ['Group', 'LocalManagedPolicy', 'AWSManagedPolicy'],
      }),
    );
    expect(held.UserDetailList ?? []).toHaveLength(0);
    expect(held.RoleDetailList ?? []).toHaveLength(0);
    expect(held.GroupDetailList!.map((g) => g.GroupName)).toEqual(a.groups.map((g) => g.groupName));
    const used = new Set([...a.users, ...a.groups, ...a.roles].flatMap((x) => x.attachedPolicyArns));
    const awsArns = held.Policies!.map((p) => p.Arn!).filter((arn) => arn.startsWith('arn:aws:iam::aws:'));
    expect(awsArns.sort()).toEqual(
      data.awsManagedPolicies
        .map((p) => p.arn)
        .filter((arn) => used.has(arn))
        .sort(),
    );
    expect(held.Policies!.every((p) => (p.AttachmentCount ?? 0) > 0 || !p.Arn!.startsWith('arn:aws:iam::aws:'))).toBe(
      true,
    );
    expect(aws.control.gaadFilters.slice(before)).toEqual(['Group,LocalManagedPolicy,AWSManagedPolicy']);

    const users = await client().send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, Filter: ['User'] }));
    expect(users.IsTruncated).toBe(true);
    await expect(
      client().send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, Filter: ['Role'], Marker: users.Marker })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(
      client().send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Users' as 'User'] })),
    ).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
  });

  it('generates the credential report (STARTED, then COMPLETE) and returns base64 CSV with the documented columns', async () => {
    const fresh = await startAwsEmulator(data);
    try {
      const c = new IAMClient({ region: 'us-east-1', endpoint: fresh.emulator.url, credentials: fresh.credentials[0] });
      await expect(c.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
        name: 'CredentialReportNotPresentException',
        $metadata: { httpStatusCode: 410 },
      });
      expect((await c.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
      expect((await c.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
      const out = await c.send(new GetCredentialReportCommand({}));
      expect(out.ReportFormat).toBe('text/csv');
      const lines = Buffer.from(out.Content!).toString('utf8').trim().split('\n');
      expect(lines[0].split(',')).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
      expect(lines[1].startsWith('<root_account>,arn:aws:iam::111122223333:root,')).toBe(true);
      expect(lines).toHaveLength(data.accounts[0].users.length + 2);
    } finally {
      await fresh.emulator.close();
    }
  });

  it('verifies SigV4: wrong secret → SignatureDoesNotMatch, unknown key → InvalidClientTokenId, tampered body rejected', async () => {
    await expect(client(0, 'wrong-secret').send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    const unknown = new IAMClient({
      region: 'us-east-1',
      endpoint: aws.emulator.url,
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
    });
    await expect(unknown.send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });

    // Capture a correctly signed request, then replay it as is (accepted) and with a changed body (rejected).
    const c = client();
    let captured: { headers: Record<string, string>; body: string } | undefined;
    c.middlewareStack.add(
      (next) => async (args) => {
        const r = args.request as { headers: Record<string, string>; body: string };
        captured = { headers: { ...r.headers }, body: String(r.body) };
        return next(args);
      },
      { step: 'deserialize', priority: 'low' },
    );
    await c.send(new ListRolesCommand({ MaxItems: 5 }));
    const replay = (body: string) =>
      fetch(`${aws.emulator.url}/`, { method: 'POST', headers: captured!.headers, body });
    expect((await replay(captured!.body)).status).toBe(200);
    const tampered = await replay(captured!.body.replace('MaxItems=5', 'MaxItems=6'));
    expect(tampered.status).toBe(403);
    const xml = await tampered.text();
    expect(xml).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(xml).toContain('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    const anonymous = await fetch(`${aws.emulator.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListUsers&Version=2010-05-08',
    });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('throttles with HTTP 400 <Code>Throttling</Code>, which the SDK retries', async () => {
    aws.emulator.faults.set({ throttleEvery: 1 });
    await expect(client(0, undefined, 1).send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    aws.emulator.faults.reset();
    aws.emulator.faults.set({ throttleEvery: 2 });
    await client().send(new ListRolesCommand({ MaxItems: 1 })); // request 1 passes, request 2 is throttled
    const before = aws.emulator.faults.throttled;
    const out = await client(0, undefined, 3).send(new ListRolesCommand({ MaxItems: 1 }));
    const throttled = aws.emulator.faults.throttled;
    aws.emulator.faults.reset();
    expect(out.Roles).toHaveLength(1);
    expect(out.$metadata.attempts).toBe(2);
    expect(throttled).toBe(before + 1);
  });

  it('the plugin hands out tenants with secret references only', async () => {
    const started = await awsEmulatorPlugin.start(data);
    try {
      expect(started.tenants.map((t) => t.tenant)).toEqual(['111122223333', '444455556666']);
      for (const [i, t] of started.tenants.entries()) {
        expect(t.options.secretAccessKey).toEqual({ env: `STEWARD_EMU_AWS_SECRET_${i + 1}` });
        expect(JSON.stringify(t)).not.toContain(started.env[`STEWARD_EMU_AWS_SECRET_${i + 1}`]);
      }
    } finally {
      await started.emulator.close();
    }
  });
});
