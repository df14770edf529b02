import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsResponse,
  type IAMClient,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import type { IdentityInput } from '../../../model/index.js';
import { isVendorFailure, VendorCallError } from '../../../sync/failure.js';
import type { SourceTracker } from '../../../sync/sources.js';
import { SERVICE_LAST_ACCESSED } from './sources.js';

/**
 * IAM "last accessed" (Access Advisor) per principal: GenerateServiceLastAccessedDetails (Granularity ACTION_LEVEL)
 * starts a job, GetServiceLastAccessedDetails is polled until it is COMPLETED, then paged (Marker). The answer lists
 * every service the principal's policies allow, with the last authentication (none within IAM's tracking period:
 * no date), and for the services IAM tracks actions of, each tracked action's last access (ACTION_LEVEL costs the
 * same calls as SERVICE_LEVEL; aws.policy.reduce-to-used generates action-level policies from it). Held by ARN and
 * set as `attributes.servicesLastAccessed` before the principal is emitted.
 */

/** What `attributes.servicesLastAccessed` holds. */
export interface ServicesLastAccessed {
  /** When IAM completed the report (JobCompletionDate). */
  reportedAt: string;
  /** Every service the principal's policies allow, sorted by namespace; lastAuthenticated null = not in the period. */
  services: Array<{
    namespace: string;
    lastAuthenticated: string | null;
    /** Present when IAM tracks the service's actions: each tracked action, lastAccessed null = not in the period. */
    actions?: Array<{ name: string; lastAccessed: string | null }>;
  }>;
}

/** Polls of one job before it counts as failed, and the first wait (doubled per poll, capped). */
export const JOB_POLLS = 8;
const FIRST_WAIT_MS = 200;
const MAX_WAIT_MS = 5_000;
/** After this many principals' jobs failed with none read at all, the endpoint is refused or down for the account. */
const FAILURES_BEFORE_GIVING_UP = 5;

/** The pure transform of a completed job's pages (the scan and the fixtures share it). */
export function servicesLastAccessedOf(pages: GetServiceLastAccessedDetailsResponse[]): ServicesLastAccessed {
  const first = pages[0];
  const services = pages
    .flatMap((p) => p.ServicesLastAccessed ?? [])
    .filter((s): s is ServiceLastAccessed & { ServiceNamespace: string } => typeof s?.ServiceNamespace === 'string')
    .map((s) => ({
      namespace: s.ServiceNamespace,
      lastAuthenticated: iso(s.LastAuthenticated),
      ...(s.TrackedActionsLastAccessed?.length ? { actions: trackedActions(s.TrackedActionsLastAccessed) } : {}),
    }))
    .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  return { reportedAt: iso(first?.JobCompletionDate) ?? iso(first?.JobCreationDate) ?? '', services };
}

function trackedActions(list: NonNullable<ServiceLastAccessed['TrackedActionsLastAccessed']>) {
  return list
    .filter((a) => typeof a?.ActionName === 'string')
    .map((a) => ({ name: a.ActionName as string, lastAccessed: iso(a.LastAccessedTime) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function iso(d: Date | undefined): string | null {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

/** Each asked principal's facts by ARN; an ARN in `unread` could not be read this run (objectFailed). */
export class HeldServicesLastAccessed {
  readonly byArn = new Map<string, ServicesLastAccessed>();
  readonly unread = new Set<string>();

  /** Sets the principal's facts; marks them stale (kept from the store) when its job could not be read. */
  annotate(identity: IdentityInput): IdentityInput {
    const attributes = identity.attributes as Record<string, unknown> | undefined;
    const arn = attributes?.arn;
    if (typeof arn !== 'string') return identity;
    const facts = this.byArn.get(arn);
    if (facts) return { ...identity, attributes: { ...attributes, servicesLastAccessed: facts } };
    if (!this.unread.has(arn)) return identity;
    const stale = { field: 'attributes.servicesLastAccessed', source: SERVICE_LAST_ACCESSED };
    return { ...identity, stale: [...(identity.stale ?? []), stale] };
  }
}

/** A job IAM reported FAILED, or that was still running after JOB_POLLS polls: that principal's vendor failure. */
function jobError(message: string, vendorCode?: string): VendorCallError {
  return new VendorCallError(message, {
    kind: 'other',
    call: 'iam:GetServiceLastAccessedDetails',
    ...(vendorCode ? { vendorCode } : {}),
  });
}

/**
 * Reads principals' jobs, `concurrency` at a time: one principal's failed job is that principal's problem
 * (`objectFailed`); jobs that fail from the first principal on end the source instead of asking once per principal.
 */
export class ServiceLastAccessedReader {
  private read = 0;
  private failures = 0;
  private givenUp: unknown = null;

  constructor(
    private readonly client: IAMClient,
    private readonly sources: SourceTracker,
    private readonly concurrency: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async fill(arns: string[], held: HeldServicesLastAccessed, signal: AbortSignal): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < arns.length) await this.fillOne(arns[next++], held, signal);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, arns.length) }, worker));
    if (this.givenUp) throw this.givenUp;
  }

  private async fillOne(arn: string, held: HeldServicesLastAccessed, signal: AbortSignal): Promise<void> {
    held.unread.add(arn);
    if (signal.aborted || this.givenUp) return;
    try {
      const pages = await this.job(arn, signal);
      this.read++;
      this.sources.counted(SERVICE_LAST_ACCESSED);
      if (signal.aborted) return;
      held.byArn.set(arn, servicesLastAccessedOf(pages));
      held.unread.delete(arn);
    } catch (error) {
      if (!signal.aborted) this.failed(arn, error);
    }
  }

  /** Generate, poll with backoff until COMPLETED, then the remaining pages. */
  private async job(arn: string, signal: AbortSignal): Promise<GetServiceLastAccessedDetailsResponse[]> {
    const { JobId } = await this.client.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' }),
    );
    if (!JobId) throw jobError(`GenerateServiceLastAccessedDetails for ${arn} returned no JobId`);
    let first: GetServiceLastAccessedDetailsResponse | null = null;
    for (let poll = 0, wait = FIRST_WAIT_MS; poll < JOB_POLLS && !signal.aborted; poll++, wait *= 2) {
      const answer = await this.client.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
      if (answer.JobStatus === 'FAILED')
        throw jobError(
          `service last accessed job ${JobId} for ${arn} FAILED: ${answer.Error?.Message ?? ''}`,
          answer.Error?.Code,
        );
      if (answer.JobStatus === 'COMPLETED') {
        first = answer;
        break;
      }
      await this.sleep(Math.min(wait, MAX_WAIT_MS));
    }
    if (!first)
      throw jobError(`service last accessed job ${JobId} for ${arn} still IN_PROGRESS after ${JOB_POLLS} polls`);
    const pages = [first];
    for (let page = first; page.IsTruncated && page.Marker && !signal.aborted; pages.push(page))
      page = await this.client.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: page.Marker }));
    return pages;
  }

  private failed(arn: string, error: unknown): void {
    if (this.givenUp) return;
    if (this.read === 0 && isVendorFailure(error) && ++this.failures >= FAILURES_BEFORE_GIVING_UP) {
      this.givenUp = error;
      return;
    }
    this.sources.objectFailed(SERVICE_LAST_ACCESSED, arn, error);
  }
}
