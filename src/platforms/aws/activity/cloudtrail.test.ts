import { describe, expect, it } from 'vitest';
import { RecordRejected } from '../../../monitoring/event.js';
import { cloudTrailFormat } from './cloudtrail.js';

// Hand-written records shaped after the CloudTrail userIdentity and record-contents references (docs.aws.amazon.com).
const ACCOUNT = '111122223333';
const roleSession = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEROLEID:ci-job-42',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/ci-job-42`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAEXAMPLETEMPKEY01',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAEXAMPLEROLEID',
      arn: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`,
      accountId: ACCOUNT,
      userName: 'ci-deployer',
    },
    attributes: { creationDate: '2024-06-01T09:59:00Z', mfaAuthenticated: 'false' },
  },
};

const base = (over: Record<string, unknown>) => ({
  eventVersion: '1.09',
  eventID: 'id-1',
  eventTime: '2024-06-01T10:00:00Z',
  eventType: 'AwsApiCall',
  recipientAccountId: ACCOUNT,
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-sdk-go-v2/1.25.0',
  ...over,
});

const parseOne = (r: unknown) => cloudTrailFormat.parse(r)[0];

describe('CloudTrail → normalized events', () => {
  it('a role session assuming another role: actor is the role (by role id), tagged as a chain', () => {
    const e = parseOne(
      base({
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        userIdentity: roleSession,
        requestParameters: { roleArn: 'arn:aws:iam::444455556666:role/prod-admin', roleSessionName: 'x' },
      }),
    );
    expect(e).toMatchObject({
      id: 'id-1',
      platform: 'aws',
      tenant: ACCOUNT,
      time: Date.parse('2024-06-01T10:00:00Z'),
      classUid: 6003,
      operation: 'sts:AssumeRole',
      sourceIp: '198.51.100.7',
      success: true,
      tags: ['session.chain'],
      actor: {
        principal: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`,
        name: 'ci-deployer',
        keys: ['ASIAEXAMPLETEMPKEY01', 'AROAEXAMPLEROLEID'],
        programmatic: false,
        vendorService: false,
      },
    });
  });

  it('a failed console sign-in is an Authentication event, unsuccessful, tagged interactive', () => {
    const e = parseOne(
      base({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', accountId: ACCOUNT, userName: 'deploy-bot' },
        responseElements: { ConsoleLogin: 'Failure' },
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
      }),
    );
    expect(e).toMatchObject({
      classUid: 3002,
      success: false,
      tags: ['login.interactive'],
      operation: 'signin:ConsoleLogin',
    });
  });

  it('keys: a key for oneself is a credential change, for another user also credential.other; long-lived keys are programmatic', () => {
    const user = {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/bot`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAEXAMPLEKEY000001',
      userName: 'bot',
    };
    const own = parseOne(
      base({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        userIdentity: user,
        requestParameters: { userName: 'bot' },
      }),
    );
    const other = parseOne(
      base({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        userIdentity: user,
        requestParameters: { userName: 'alice' },
      }),
    );
    expect([own.classUid, own.tags, own.target, own.actor.programmatic]).toEqual([
      3001,
      ['credential.create', 'iam.write'],
      'bot',
      true,
    ]);
    expect(other.tags).toEqual(['credential.create', 'iam.write', 'credential.other']);
  });

  it('SSM reads are secret reads only when decrypted; errors are failures; services act as the vendor', () => {
    const user = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', accountId: ACCOUNT, userName: 'bot' };
    const plain = parseOne(
      base({
        eventSource: 'ssm.amazonaws.com',
        eventName: 'GetParameters',
        userIdentity: user,
        requestParameters: { names: ['a'], withDecryption: false },
      }),
    );
    const secret = parseOne(
      base({
        eventSource: 'ssm.amazonaws.com',
        eventName: 'GetParameters',
        userIdentity: user,
        requestParameters: { names: ['a'], withDecryption: true },
        errorCode: 'AccessDenied',
      }),
    );
    const service = parseOne(
      base({
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        sourceIPAddress: 'secretsmanager.amazonaws.com',
        userIdentity: { type: 'AWSService', invokedBy: 'secretsmanager.amazonaws.com' },
      }),
    );
    expect([plain.tags, secret.tags, secret.success]).toEqual([[], ['secret.read'], false]);
    expect([service.actor.vendorService, service.sourceIp]).toEqual([true, null]);
  });

  it('rejects what is not a CloudTrail record and expands a whole log file handed over as one value', () => {
    expect(() => cloudTrailFormat.parse([1])).toThrow(RecordRejected);
    expect(() => cloudTrailFormat.parse({ eventID: 'x', eventSource: 's', eventName: 'n', eventTime: 'soon' })).toThrow(
      'eventTime is not a date',
    );
    const file = {
      Records: [
        base({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', userIdentity: roleSession }),
        base({
          eventID: 'id-2',
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'StopLogging',
          userIdentity: roleSession,
        }),
      ],
    };
    expect(cloudTrailFormat.parse(file).map((e) => [e.id, e.tags])).toEqual([
      ['id-1', []],
      ['id-2', ['logging.disable']],
    ]);
  });
});
