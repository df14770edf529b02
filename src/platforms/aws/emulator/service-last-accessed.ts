import { randomUUID } from 'node:crypto';
import { serviceAccessOf } from '../estate/service-access.js';
import type { AwsEstateData, AwsRole, AwsUser } from '../estate/types.js';
import { type AccountView, type ActionFn, IamError, need, page, paged } from './account.js';

/**
 * IAM last accessed (Access Advisor), job-based as IAM serves it: GenerateServiceLastAccessedDetails (Arn of a user
 * or role of the account; Granularity SERVICE_LEVEL, the default, or ACTION_LEVEL) returns a JobId; GetServiceLastAccessedDetails
 * answers IN_PROGRESS for the first `control.lastAccessedPollsInProgress` polls of a job (0 unless a test sets it),
 * then COMPLETED with the services the principal's policies allow, paged by Marker/MaxItems. Members in the order of
 * botocore's ServiceLastAccessed. An ACTION_LEVEL job adds TrackedActionsLastAccessed to the services IAM tracks actions
 * of (the estate's TRACKED_ACTIONS); the others are reported at service level in the same answer, as IAM does.
 */
interface Job {
  principal: AwsUser | AwsRole;
  arn: string;
  createdAt: string;
  polls: number;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
}

const jobs = new WeakMap<AccountView, Map<string, Job>>();
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function principalOf(v: AccountView, arn: string): AwsUser | AwsRole {
  const m = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  const found = m && m[1] === v.account.accountId ? (m[2] === 'user' ? v.users : v.roles).get(m[3]) : undefined;
  if (!found) throw new IamError(404, 'NoSuchEntity', `The entity with ARN ${arn} cannot be found.`);
  return found;
}

export const SERVICE_LAST_ACCESSED_ACTIONS: Record<string, ActionFn> = {
  GenerateServiceLastAccessedDetails: (v, p) => {
    const arn = need(p, 'Arn');
    const granularity = p.get('Granularity') ?? 'SERVICE_LEVEL';
    if (granularity !== 'SERVICE_LEVEL' && granularity !== 'ACTION_LEVEL')
      throw new IamError(
        400,
        'ValidationError',
        `Value '${granularity}' at 'granularity' failed to satisfy constraint`,
      );
    const principal = principalOf(v, arn);
    const byId = jobs.get(v) ?? new Map<string, Job>();
    jobs.set(v, byId);
    const jobId = randomUUID();
    byId.set(jobId, { principal, arn, createdAt: now(), polls: 0, granularity });
    return { JobId: jobId };
  },
  GetServiceLastAccessedDetails: (v, p, control, data) => {
    const jobId = need(p, 'JobId');
    const job = jobs.get(v)?.get(jobId);
    if (!job) throw new IamError(404, 'NoSuchEntity', `The job with ID ${jobId} cannot be found.`);
    const head = { JobType: job.granularity, JobCreationDate: job.createdAt };
    if (job.polls++ < (control.lastAccessedPollsInProgress ?? 0))
      return { JobStatus: 'IN_PROGRESS', ...head, ServicesLastAccessed: [] };
    const pg = page(servicesOf(v, job, data), p, 'lastaccessed');
    return {
      JobStatus: 'COMPLETED',
      ...head,
      ServicesLastAccessed: pg.items,
      JobCompletionDate: job.createdAt,
      ...paged(pg),
    };
  },
};

function servicesOf(v: AccountView, job: Job, data: AwsEstateData) {
  return serviceAccessOf(data, v.account, job.principal).map((s) => ({
    ServiceName: s.name,
    LastAuthenticated: s.lastAuthenticated ?? undefined,
    ServiceNamespace: s.namespace,
    LastAuthenticatedEntity: s.lastAuthenticated ? job.arn : undefined,
    LastAuthenticatedRegion: s.lastAuthenticated ? 'us-east-1' : undefined,
    TotalAuthenticatedEntities: s.lastAuthenticated ? 1 : 0,
    TrackedActionsLastAccessed:
      job.granularity === 'ACTION_LEVEL' && s.actions
        ? s.actions.map((a) => ({
            ActionName: a.name,
            LastAccessedEntity: a.lastAccessed ? job.arn : undefined,
            LastAccessedRegion: a.lastAccessed ? 'us-east-1' : undefined,
            LastAccessedTime: a.lastAccessed ?? undefined,
          }))
        : undefined,
  }));
}
