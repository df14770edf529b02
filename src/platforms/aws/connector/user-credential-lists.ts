import type { IAMClient } from '@aws-sdk/client-iam';
import type { CredentialInput, StaleField } from '../../../model/index.js';
import { InvalidRecordError, isVendorFailure } from '../../../sync/failure.js';
import type { SourceTracker } from '../../../sync/sources.js';

/**
 * A per-user IAM credential listing that fills users' `credentials` and `enabled` (ssh-keys.ts,
 * signing-certificates.ts): one call per user asked, no abort signal on the call (per-call options make the client drop
 * its cached middleware chains, client.ts); the source's signal stops new calls instead.
 */
export interface UserCredentialList<T> {
  source: string;
  /** The IAM action, for messages. */
  action: string;
  /** The id member a listed item must carry. */
  idMember: string;
  list(client: IAMClient, userName: string): Promise<T[]>;
  idOf(item: T): string | undefined;
  active(item: T): boolean;
  credential(tenant: string, item: T): CredentialInput;
}

/** Each asked user's items; a user in `unread` could not be read this run (objectFailed, quarantine). */
export class HeldUserCredentials<T> {
  readonly byUser = new Map<string, T[]>();
  readonly unread = new Set<string>();

  constructor(private readonly spec: UserCredentialList<T>) {}

  credentialsOf(tenant: string, userName: string): CredentialInput[] {
    return (this.byUser.get(userName) ?? []).map((item) => this.spec.credential(tenant, item));
  }

  /** Stale marks for a user whose list could not be read: an active credential enables a user. */
  staleFor(userName: string): StaleField[] {
    return this.unread.has(userName)
      ? [
          { field: 'credentials', source: this.spec.source },
          { field: 'enabled', source: this.spec.source },
        ]
      : [];
  }

  hasActive(userName: string): boolean {
    return (this.byUser.get(userName) ?? []).some((item) => this.spec.active(item));
  }
}

/** After this many users' calls failed with none read at all, the endpoint is refused or down for the account. */
const FAILURES_BEFORE_GIVING_UP = 5;

/**
 * Reads users' lists for one source: one user's failed call is that user's problem (`objectFailed`); an item without
 * its id is quarantined (its user's list is then unread); calls that fail from the first user on end the source
 * (skipped on a refusal, failed otherwise) instead of asking, and retrying, once per user.
 */
export class UserCredentialReader<T> {
  private listed = 0;
  private failures = 0;
  private givenUp: unknown = null;

  constructor(
    readonly spec: UserCredentialList<T>,
    private readonly client: IAMClient,
    private readonly sources: SourceTracker,
    private readonly concurrency: number,
  ) {}

  async fill(userNames: string[], held: HeldUserCredentials<T>, signal: AbortSignal): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < userNames.length) await this.fillOne(userNames[next++], held, signal);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, userNames.length) }, worker));
    if (this.givenUp) throw this.givenUp;
  }

  private async fillOne(userName: string, held: HeldUserCredentials<T>, signal: AbortSignal): Promise<void> {
    held.unread.add(userName);
    if (signal.aborted || this.givenUp) return;
    try {
      const items = await this.spec.list(this.client, userName);
      this.listed++;
      this.sources.counted(this.spec.source, items.length);
      if (signal.aborted || !(await this.readable(userName, items))) return;
      held.byUser.set(userName, items);
      held.unread.delete(userName);
    } catch (error) {
      if (!signal.aborted) this.failed(userName, error);
    }
  }

  /** Quarantines items without their id; false when there was one. */
  private async readable(userName: string, items: T[]): Promise<boolean> {
    const broken = items.filter((item) => {
      const id = this.spec.idOf(item);
      return typeof id !== 'string' || id === '';
    });
    const { source, action, idMember } = this.spec;
    for (const item of broken)
      await this.sources.emit(source, item, () => {
        throw new InvalidRecordError(`${action} for ${userName} returned an item without ${idMember}`, null);
      });
    return broken.length === 0;
  }

  private failed(userName: string, error: unknown): void {
    if (this.givenUp) return;
    if (this.listed === 0 && isVendorFailure(error) && ++this.failures >= FAILURES_BEFORE_GIVING_UP) {
      this.givenUp = error;
      return;
    }
    this.sources.objectFailed(this.spec.source, userName, error);
  }
}
