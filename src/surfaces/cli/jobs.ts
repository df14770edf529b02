import type { StewardConfig } from '../../config/schema.js';
import type { TenantJob } from '../../sync/engine.js';
import { UserError } from '../../lib/errors.js';

/** Turns the config's enabled tenants (optionally filtered) into sync jobs. */
export function tenantJobs(config: StewardConfig, filter: { platform?: string; tenant?: string } = {}): TenantJob[] {
  const jobs = config.tenants
    .map((t, index) => ({ t, index }))
    .filter(({ t }) => t.enabled)
    .filter(({ t }) => !filter.platform || t.platform === filter.platform)
    .filter(({ t }) => !filter.tenant || t.tenant === filter.tenant)
    .map(({ t, index }) => ({
      platform: t.platform,
      tenant: t.tenant,
      options: t.options,
      configPath: `tenants[${index}]`,
    }));
  const seen = new Set<string>();
  for (const j of jobs) {
    const key = `${j.platform}:${j.tenant}`;
    if (seen.has(key))
      throw new UserError(`${j.configPath}: tenant ${key} is listed twice; tenant names must be unique per platform`);
    seen.add(key);
  }
  return jobs;
}
