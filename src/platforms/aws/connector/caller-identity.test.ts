import type { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.js';
import { silentLogger } from '../../../lib/logger.js';
import type { RecordSink, ScanContext } from '../../../sync/connector.js';
import { RunSources } from '../../../sync/source-tracker.js';
import { checkCallerAccount } from './caller-identity.js';
import { AwsOptions } from './options.js';
import { awsSources } from './sources.js';

/** sts:GetCallerIdentity at scan start, on STS's documented answer shape (its example: user Alice of 123456789012). */
function context(tenant: string) {
  const sources = new RunSources(awsSources, {} as RecordSink, {
    deadlineMs: 5_000,
    signal: new AbortController().signal,
    log: silentLogger,
    excerpt: () => '',
    onQuarantine: async () => {},
  });
  const ctx = {
    platform: 'aws',
    tenant,
    scope: null,
    options: AwsOptions.parse({}),
    sources,
    log: silentLogger,
    clock: fixedClock('2026-11-01T00:00:00.000Z'),
    signal: new AbortController().signal,
  } as unknown as ScanContext<AwsOptions>;
  return { ctx, outcome: () => sources.list().find((o) => o.source === 'caller-identity') };
}

const stsAnswering = (answer: () => Promise<unknown>) => ({ send: answer }) as unknown as STSClient;
const ALICE = { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/Alice', UserId: 'AKIAI44QH8DHBEXAMPLE' };

describe('AWS caller identity (sts:GetCallerIdentity)', () => {
  it('the account the credentials open is the tenant: returned, the source complete with one item', async () => {
    const { ctx, outcome } = context('123456789012');
    expect(
      await checkCallerAccount(
        stsAnswering(async () => ALICE),
        ctx,
      ),
    ).toBe('123456789012');
    expect(outcome()).toMatchObject({ status: 'complete', items: 1 });
  });

  it('another account: the scan is refused with an error naming both ids', async () => {
    const { ctx } = context('111122223333');
    await expect(
      checkCallerAccount(
        stsAnswering(async () => ALICE),
        ctx,
      ),
    ).rejects.toThrow(
      'the credentials for tenant aws:111122223333 open AWS account 123456789012; fix the tenant id or the credentials in steward.yaml',
    );
  });

  it('STS unreachable: the source fails with the call named, the scan goes on (GAAD checks the account later)', async () => {
    const { ctx, outcome } = context('123456789012');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      details: { call: 'sts:GetCallerIdentity' },
    });
    expect(
      await checkCallerAccount(
        stsAnswering(() => Promise.reject(refused)),
        ctx,
      ),
    ).toBeNull();
    expect(outcome()).toMatchObject({
      status: 'failed',
      problem: { endpoint: 'sts:GetCallerIdentity', kind: 'network' },
    });
  });
});
