import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { AwsEstateData } from '../estate/types.js';
import { type AwsEmulator, startAwsEmulator } from './index.js';

// Hand-written records (CloudTrail record-contents reference shape): three in the caller's account, one elsewhere.
const at = (minute: number) => `2026-10-31T10:${String(minute).padStart(2, '0')}:00Z`;
const record = (id: string, minute: number, account: string) => ({
  eventVersion: '1.09',
  eventID: id,
  eventTime: at(minute),
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  readOnly: true,
  recipientAccountId: account,
  userIdentity: { type: 'IAMUser', accountId: account, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'ci' },
});

describe('AWS emulator: CloudTrail LookupEvents (awsJson1_1)', () => {
  let aws: AwsEmulator;
  let client: CloudTrailClient;

  beforeAll(async () => {
    const data = (await generateEstate({ seed: 3, size: 10, platforms: ['aws'] })).platforms.aws as AwsEstateData;
    const account = data.accounts[0]!.accountId;
    aws = await startAwsEmulator(data, {
      cloudTrail: [record('a', 1, account), record('b', 2, account), record('c', 3, account), record('x', 2, '0')],
    });
    const c = aws.credentials[0]!;
    client = new CloudTrailClient({ region: 'us-east-1', endpoint: aws.emulator.url, credentials: c, maxAttempts: 1 });
  });
  afterAll(async () => aws?.emulator.close());

  it("answers the caller's events in [StartTime, EndTime], newest first, paged by NextToken", async () => {
    const range = { StartTime: new Date(at(1)), EndTime: new Date(at(3)), MaxResults: 2 };
    const first = await client.send(new LookupEventsCommand(range));
    expect(first.Events?.map((e) => [e.EventId, e.EventTime?.toISOString(), e.Username, e.ReadOnly])).toEqual([
      ['c', '2026-10-31T10:03:00.000Z', 'ci', 'true'],
      ['b', '2026-10-31T10:02:00.000Z', 'ci', 'true'],
    ]);
    expect(JSON.parse(first.Events![0]!.CloudTrailEvent!)).toMatchObject({ eventID: 'c', eventTime: at(3) });
    const second = await client.send(new LookupEventsCommand({ ...range, NextToken: first.NextToken }));
    expect([second.Events?.map((e) => e.EventId), second.NextToken]).toEqual([['a'], undefined]);
    const narrow = await client.send(new LookupEventsCommand({ StartTime: new Date(at(2)), EndTime: new Date(at(2)) }));
    expect(narrow.Events?.map((e) => e.EventId)).toEqual(['b']);
  });

  it('refuses as CloudTrail does: a reversed range, a NextToken from other parameters, MaxResults over 50', async () => {
    const reversed = { StartTime: new Date(at(3)), EndTime: new Date(at(1)) };
    await expect(client.send(new LookupEventsCommand(reversed))).rejects.toMatchObject({
      name: 'InvalidTimeRangeException',
    });
    const page = await client.send(new LookupEventsCommand({ MaxResults: 1 }));
    await expect(
      client.send(new LookupEventsCommand({ MaxResults: 1, StartTime: new Date(at(0)), NextToken: page.NextToken })),
    ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
    await expect(client.send(new LookupEventsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'InvalidMaxResultsException',
    });
  });
});
