import type { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { SourceTracker } from '../../../sync/sources.js';
import { serviceLastAccessedOf } from '../fixtures/service-last-accessed.js';
import {
  HeldServicesLastAccessed,
  JOB_POLLS,
  ServiceLastAccessedReader,
  servicesLastAccessedOf,
} from './service-last-accessed.js';

/**
 * The job loop on a stub IAM client: Generate, then Get polled with a doubling wait while IN_PROGRESS, a bounded
 * number of times; FAILED or never COMPLETED is that principal's failure (objectFailed), not the source's.
 */
const ROLE = 'arn:aws:iam::111122223333:role/vendor-backup';

function run(statuses: Array<'IN_PROGRESS' | 'COMPLETED' | 'FAILED'>) {
  const waits: number[] = [];
  const failed: Array<{ objectId: string; message: string }> = [];
  let gets = 0;
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      if (command.constructor.name === 'GenerateServiceLastAccessedDetailsCommand') return { JobId: 'job-1' };
      const status = statuses[Math.min(gets++, statuses.length - 1)];
      if (status === 'COMPLETED') return serviceLastAccessedOf(ROLE)[0];
      return { JobStatus: status, JobCreationDate: new Date(), Error: { Code: 'Internal', Message: 'no' } };
    },
  } as unknown as IAMClient;
  const sources = {
    counted: () => {},
    objectFailed: (_s: string, objectId: string, error: Error) => failed.push({ objectId, message: error.message }),
  } as unknown as SourceTracker;
  const reader = new ServiceLastAccessedReader(client, sources, 1, async (ms) => void waits.push(ms));
  const held = new HeldServicesLastAccessed();
  return {
    done: reader.fill([ROLE], held, new AbortController().signal),
    held,
    waits,
    failed,
    gets: () => gets,
  };
}

describe('IAM last-accessed jobs', () => {
  it('polls an IN_PROGRESS job with a doubling wait until COMPLETED', async () => {
    const r = run(['IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED']);
    await r.done;
    expect(r.waits).toEqual([200, 400]);
    expect(r.gets()).toBe(3);
    expect(r.held.byArn.get(ROLE)?.services.map((s) => s.namespace)).toEqual(['dynamodb', 'kms', 's3']);
    expect(r.failed).toEqual([]);
  });

  it('a job still IN_PROGRESS after JOB_POLLS polls is that principal failed; the wait is capped at 5 s', async () => {
    const r = run(['IN_PROGRESS']);
    await r.done;
    expect(r.gets()).toBe(JOB_POLLS);
    expect(Math.max(...r.waits)).toBe(5000);
    expect(r.failed).toEqual([
      { objectId: ROLE, message: `service last accessed job job-1 for ${ROLE} still IN_PROGRESS after 8 polls` },
    ]);
    expect(r.held.unread.has(ROLE)).toBe(true);
  });

  it('a FAILED job is that principal failed at once, with IAM error message', async () => {
    const r = run(['FAILED']);
    await r.done;
    expect(r.gets()).toBe(1);
    expect(r.failed).toEqual([{ objectId: ROLE, message: `service last accessed job job-1 for ${ROLE} FAILED: no` }]);
  });

  it('the transform joins pages, sorts by namespace and keeps no date for a service never used', () => {
    const pages = serviceLastAccessedOf('arn:aws:iam::111122223333:user/ci/ci-deployer');
    expect(servicesLastAccessedOf([...pages].reverse())).toEqual({
      reportedAt: '2026-11-01T00:00:04.000Z',
      services: [
        { namespace: 'iam', lastAuthenticated: '2026-10-31T08:00:00.000Z' },
        { namespace: 's3', lastAuthenticated: '2026-10-28T08:00:00.000Z' },
      ],
    });
    expect(servicesLastAccessedOf(serviceLastAccessedOf(ROLE)).services[0]).toEqual({
      namespace: 'dynamodb',
      lastAuthenticated: null,
    });
  });
});

describe('IAM last accessed at ACTION_LEVEL', () => {
  it('keeps each tracked action of a service IAM tracks actions of; other services stay service-level', () => {
    // Hand-written from the IAM API reference (GetServiceLastAccessedDetails, TrackedActionLastAccessed).
    const facts = servicesLastAccessedOf([
      {
        JobStatus: 'COMPLETED',
        JobType: 'ACTION_LEVEL',
        JobCreationDate: new Date('2026-11-01T00:00:00Z'),
        JobCompletionDate: new Date('2026-11-01T00:00:05Z'),
        ServicesLastAccessed: [
          {
            ServiceName: 'Amazon S3',
            ServiceNamespace: 's3',
            LastAuthenticated: new Date('2026-10-30T08:00:00Z'),
            TotalAuthenticatedEntities: 1,
            TrackedActionsLastAccessed: [
              { ActionName: 'PutBucketPolicy' },
              {
                ActionName: 'ListAllMyBuckets',
                LastAccessedEntity: ROLE,
                LastAccessedRegion: 'eu-west-1',
                LastAccessedTime: new Date('2026-10-30T08:00:00Z'),
              },
            ],
          },
          { ServiceName: 'AWS Key Management Service', ServiceNamespace: 'kms', TotalAuthenticatedEntities: 0 },
        ],
      },
    ]);
    expect(facts).toEqual({
      reportedAt: '2026-11-01T00:00:05.000Z',
      services: [
        { namespace: 'kms', lastAuthenticated: null },
        {
          namespace: 's3',
          lastAuthenticated: '2026-10-30T08:00:00.000Z',
          actions: [
            { name: 'ListAllMyBuckets', lastAccessed: '2026-10-30T08:00:00.000Z' },
            { name: 'PutBucketPolicy', lastAccessed: null },
          ],
        },
      ],
    });
  });
});
