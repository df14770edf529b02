import { IAMClient, ListAccessKeysCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { AwsEstateData } from '../estate/index.js';
import { startAwsEmulator, type AwsEmulator } from './index.js';
import { malformFirstMember } from './malform.js';
import { operationOf } from './refusals.js';

/** The IAM emulator's refusals and malformed items, on hand-written awsQuery requests and XML answers. */
let data: AwsEstateData;
let aws: AwsEmulator;
const client = () =>
  new IAMClient({
    region: 'us-east-1',
    endpoint: aws.emulator.url,
    credentials: { accessKeyId: aws.credentials[0].accessKeyId, secretAccessKey: aws.credentials[0].secretAccessKey },
    maxAttempts: 1,
  });

beforeAll(async () => {
  data = (await generateEstate({ seed: 5, size: 60, platforms: ['aws'] })).platforms.aws as AwsEstateData;
  aws = await startAwsEmulator(data);
});
afterAll(async () => aws?.emulator.close());

describe('IAM emulator: which operation a request is', () => {
  it('names an awsQuery POST by the Action of its form body, a GET by its query; nothing before the body is parsed', () => {
    const post = { method: 'POST', url: '/', body: 'Action=ListAccessKeys&Version=2010-05-08&UserName=ci' };
    expect(operationOf(post as FastifyRequest)).toBe('iam:ListAccessKeys');
    expect(operationOf({ method: 'GET', url: '/?Action=ListUsers&Version=2010-05-08' } as FastifyRequest)).toBe(
      'iam:ListUsers',
    );
    expect(operationOf({ method: 'POST', url: '/', body: undefined } as unknown as FastifyRequest)).toBeUndefined();
  });
});

describe('IAM emulator: denied calls answer as IAM does', () => {
  it("a per-user Deny refuses that user's ListAccessKeys with 403 AccessDenied naming caller, action and user ARN", async () => {
    const [denied, other] = data.accounts[0].users.filter((u) => u.accessKeys.length > 0);
    aws.control.denied = [{ action: 'ListAccessKeys', userName: denied.userName }];
    try {
      await expect(client().send(new ListAccessKeysCommand({ UserName: denied.userName }))).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
        message: `User: arn:aws:iam::${data.accounts[0].accountId}:user/steward-scanner is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::${data.accounts[0].accountId}:user${denied.path}${denied.userName} because no identity-based policy allows the iam:ListAccessKeys action`,
      });
      const keys = await client().send(new ListAccessKeysCommand({ UserName: other.userName }));
      expect(keys.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual(other.accessKeys.map((k) => k.accessKeyId));
      // Other actions are not denied.
      expect((await client().send(new ListRolesCommand({ MaxItems: 1 }))).Roles).toHaveLength(1);
    } finally {
      aws.control.denied = [];
    }
  });
});

describe('IAM emulator: malformed items', () => {
  it("removes the first member's AccessKeyId (ListAccessKeys), leaving the other members whole", () => {
    const xml =
      '<ListAccessKeysResponse><ListAccessKeysResult><AccessKeyMetadata>' +
      '<member><UserName>Bob</UserName><AccessKeyId>AKIA111111111EXAMPLE</AccessKeyId><Status>Active</Status></member>' +
      '<member><UserName>Bob</UserName><AccessKeyId>AKIA222222222EXAMPLE</AccessKeyId><Status>Active</Status></member>' +
      '</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>';
    expect(malformFirstMember(xml)).toBe(
      '<ListAccessKeysResponse><ListAccessKeysResult><AccessKeyMetadata>' +
        '<member><UserName>Bob</UserName><Status>Active</Status></member>' +
        '<member><UserName>Bob</UserName><AccessKeyId>AKIA222222222EXAMPLE</AccessKeyId><Status>Active</Status></member>' +
        '</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>',
    );
  });

  it("removes a GAAD role's own RoleName, not the RoleName of a role nested in its instance profile", () => {
    const profile =
      '<InstanceProfileList><member><InstanceProfileName>web</InstanceProfileName>' +
      '<Roles><member><RoleName>web-role</RoleName></member></Roles></member></InstanceProfileList>';
    const xml = `<RoleDetailList><member>${profile}<RoleName>web-role</RoleName><RoleId>AROAEXAMPLE</RoleId></member></RoleDetailList>`;
    expect(malformFirstMember(xml)).toBe(
      `<RoleDetailList><member>${profile}<RoleId>AROAEXAMPLE</RoleId></member></RoleDetailList>`,
    );
  });

  it("blanks the arn of the credential report's first row (base64 CSV in <Content>)", () => {
    const csv =
      'user,arn,mfa_active\n<root_account>,arn:aws:iam::111122223333:root,true\nci,arn:aws:iam::111122223333:user/ci,false\n';
    const xml = `<GetCredentialReportResult><Content>${Buffer.from(csv).toString('base64')}</Content></GetCredentialReportResult>`;
    const content = /<Content>([^<]*)<\/Content>/.exec(malformFirstMember(xml))![1];
    expect(Buffer.from(content, 'base64').toString('utf8')).toBe(
      'user,arn,mfa_active\n<root_account>,,true\nci,arn:aws:iam::111122223333:user/ci,false\n',
    );
  });
});
