import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { connectorFor } from '../platforms/registry.js';
import { expandJobs } from '../sync/expand.js';
import type { SyncJobData } from './queue.js';
import { tenantFor } from './worker.js';

/**
 * A queue worker rebuilds each sync job from its own steward.yaml: a member account of an AWS organization from the
 * configured management tenant, with the same options the enqueuer's expansion gave it; the management tenant's job
 * with the listing outcome the enqueuer recorded.
 */
const config = parseConfig(`
tenants:
  - platform: github
    tenant: acme
    options: { token: { env: STEWARD_TEST_WORKER_TOKEN } }
  - platform: aws
    tenant: "111122223333"
    options:
      accessKeyId: AKIAIOSFODNN7EXAMPLE
      secretAccessKey: { env: STEWARD_TEST_WORKER_SECRET }
      organization: { memberRole: StewardAudit, externalId: { env: STEWARD_TEST_WORKER_EXTERNAL_ID } }
`);
const data = (tenant: string, extra: Partial<SyncJobData> = {}): SyncJobData => ({
  scanId: 'scan',
  platform: 'aws',
  tenant,
  configIndex: 1,
  siblings: [],
  analysisJobId: 'analysis',
  heartbeatSeconds: 30,
  ...extra,
});

describe('tenantFor (queue worker)', () => {
  afterEach(() => {
    for (const v of ['STEWARD_TEST_WORKER_SECRET', 'STEWARD_TEST_WORKER_EXTERNAL_ID']) delete process.env[v];
  });

  it("derives a member account's job from the management tenant, as the enqueuer's expansion did", async () => {
    process.env.STEWARD_TEST_WORKER_SECRET = 'secret-value';
    process.env.STEWARD_TEST_WORKER_EXTERNAL_ID = 'external-id';
    const member = tenantFor(config, data('444455556666', { memberOf: '111122223333' }));
    expect(member).toEqual({
      platform: 'aws',
      tenant: '444455556666',
      configPath: 'tenants[1]',
      memberOf: '111122223333',
      scope: null,
      options: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: { env: 'STEWARD_TEST_WORKER_SECRET' },
        assumeRole: {
          roleArn: 'arn:aws:iam::444455556666:role/StewardAudit',
          externalId: { env: 'STEWARD_TEST_WORKER_EXTERNAL_ID' },
        },
      },
    });
    // The same options the expansion derives (its listing stubbed: the connector's memberOptions does the work).
    const management = { platform: 'aws' as const, tenant: '111122223333', options: config.tenants[1].options };
    const aws = connectorFor('aws')!;
    const expanded = await expandJobs([management], () => ({
      ...aws,
      expandTenant: async () => ({
        members: ['444455556666'],
        listing: { source: 'organization-accounts', status: 'complete', items: 1, problem: null },
        concurrency: 4,
      }),
    }));
    expect(expanded[1].options).toEqual(member.options);
  });

  it("keeps the management tenant's listing outcome, and refuses a member of a tenant it does not have", () => {
    const listing = { source: 'organization-accounts', status: 'skipped' as const, items: 0, problem: null };
    expect(tenantFor(config, data('111122223333', { memberListing: listing })).memberListing).toEqual(listing);
    expect(() => tenantFor(config, data('444455556666', { memberOf: '999999999999' }))).toThrow(
      /has no tenant aws:999999999999/,
    );
  });
});
