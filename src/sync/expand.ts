import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import type { PlatformId } from '../model/index.js';
import type { AnyConnector, TenantExpansion } from './connector.js';
import type { TenantJob } from './engine.js';

export interface ExpandOptions {
  log?: Logger;
  signal?: AbortSignal;
}

/**
 * Jobs from config, with every tenant its connector expands (`Connector.expandTenant`: an AWS organization's
 * management account) followed by one job per member tenant. The expanded tenant still scans itself, and its job
 * carries how the members were listed (recorded in its run). A member that is also configured as a tenant of its
 * own is scanned once, as configured. Members of one tenant share a concurrency group of the expansion's size.
 */
export async function expandJobs(
  jobs: TenantJob[],
  connectors: (platform: PlatformId) => AnyConnector | undefined,
  options: ExpandOptions = {},
): Promise<TenantJob[]> {
  const taken = new Set(jobs.map((j) => `${j.platform}:${j.tenant}`));
  const out: TenantJob[] = [];
  for (const job of jobs) {
    const connector = connectors(job.platform);
    const expansion = await expansionOf(job, connector, options);
    if (!connector || !expansion) {
      out.push(job);
      continue;
    }
    out.push({ ...job, memberListing: expansion.listing });
    for (const tenant of expansion.members) {
      const key = `${job.platform}:${tenant}`;
      if (taken.has(key)) continue;
      taken.add(key);
      out.push({
        ...memberJob(job, connector, tenant),
        configPath: job.configPath,
        concurrencyGroup: { key: `${job.platform}:${job.tenant}`, limit: expansion.concurrency },
      });
    }
  }
  return out;
}

/**
 * The job of one member tenant of `expanded` (an expanded tenant's config job), with the options its connector derives
 * from the expanded tenant's; also how a queue worker rebuilds a member job from its own steward.yaml.
 */
export function memberJob(expanded: TenantJob, connector: AnyConnector, tenant: string): TenantJob {
  const parsed = connector.optionsSchema.parse(expanded.options ?? {});
  if (!connector.memberOptions) throw new Error(`the ${expanded.platform} connector does not derive member options`);
  return {
    platform: expanded.platform,
    tenant,
    options: connector.memberOptions(expanded.options, parsed, tenant),
    configPath: expanded.configPath,
    memberOf: expanded.tenant,
  };
}

/**
 * The connector's expansion of one tenant, or null (no hook, options that do not validate — the run then fails with
 * the validation error —, or a tenant its options do not expand). Vendor failures come back in the listing.
 */
async function expansionOf(
  job: TenantJob,
  connector: AnyConnector | undefined,
  options: ExpandOptions,
): Promise<TenantExpansion | null> {
  if (!connector?.expandTenant || job.memberOf) return null;
  const parsed = connector.optionsSchema.safeParse(job.options ?? {});
  if (!parsed.success) return null;
  const log = (options.log ?? silentLogger).child(`${job.platform}:${job.tenant}`);
  return connector.expandTenant(parsed.data, {
    tenant: job.tenant,
    log,
    signal: options.signal ?? new AbortController().signal,
  });
}
