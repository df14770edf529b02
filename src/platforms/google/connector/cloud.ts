import type { StaleField } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError, isVendorFailure } from '../../../sync/failure.js';
import { type CloudClients, cloudClients } from './cloud-client.js';
import type { ProjectRef } from './cloud-common.js';
import { CLOUD_SOURCE } from './cloud-sources.js';
import {
  KEY_LAST_AUTHENTICATION,
  SA_LAST_AUTHENTICATION,
  type GcpServiceAccount,
  type GcpServiceAccountKey,
} from './cloud-wire.js';
import type { TransformContext } from './common.js';
import { bindingsOf, getProjectPolicy, NO_BINDINGS, type ProjectBindings } from './iam-policy.js';
import { type LastAuthIndex, queryLastAuthentication } from './last-authentication.js';
import type { GoogleOptions } from './options.js';
import { configuredProjects, projectRef, searchProjects } from './projects.js';
import { listUserManagedKeys } from './sa-keys.js';
import * as accounts from './service-accounts.js';
import * as wif from './workload-identity.js';

type Ctx = ScanContext<GoogleOptions>;

/**
 * What the Cloud part tells the Workspace part (GoogleScan.run, ./scan.ts) after reading it, before domain-wide
 * delegation is rebuilt.
 */
export interface CloudScanResult {
  /**
   * Service accounts by oauth2ClientId (the client id domain-wide delegation is granted to): email and Steward
   * identity id. null when the service accounts were not all listed (cloud switched off, a project or the list
   * failed): the delegation rule must then not conclude "not a known service account".
   */
  serviceAccountsByClientId: Map<string, { email: string; identityId: string }> | null;
}

const UNKNOWN: CloudScanResult = { serviceAccountsByClientId: null };

/** keys.list failures, with none answered yet, after which the method counts as refused or down for the credential. */
export const KEY_FAILURES_BEFORE_GIVING_UP = 5;

/**
 * The Google Cloud part of a scan: the projects (configured, or every one the credential sees), then per project
 * its IAM policy and Policy Analyzer's last authentications (they fill the accounts, so they are read first), its
 * service accounts with their user-managed keys, and its workload identity providers.
 */
export async function scanCloud(ctx: Ctx, t: TransformContext): Promise<CloudScanResult> {
  if (!ctx.options.cloud) {
    for (const id of Object.values(CLOUD_SOURCE)) ctx.sources.switchedOff(id, 'option cloud: false');
    return UNKNOWN;
  }
  return new CloudScan(ctx, await cloudClients(ctx), t).run();
}

/** Usage per project: null = not read (usage unknown; the fields it fills stay as stored). */
interface Usage {
  accounts: LastAuthIndex;
  keys: LastAuthIndex;
}

class CloudScan {
  private readonly byClientId = new Map<string, { email: string; identityId: string }>();
  /** keys.list calls of this run: answered, failed before any answered, and the error the source gave up on. */
  private readonly keyCalls: { ok: number; failed: number; givenUp: unknown } = { ok: 0, failed: 0, givenUp: null };

  constructor(
    private readonly ctx: Ctx,
    private readonly c: CloudClients,
    private readonly t: TransformContext,
  ) {}

  async run(): Promise<CloudScanResult> {
    if (!this.ctx.options.policyAnalyzer)
      this.ctx.sources.switchedOff(CLOUD_SOURCE.lastAuthentication, 'option policyAnalyzer: false (usage unknown)');
    const projects = await this.projects();
    if (!projects) return UNKNOWN;
    let everyAccountListed = true;
    for (const project of projects) {
      if (this.ctx.signal.aborted) break;
      everyAccountListed = (await this.project(project)) && everyAccountListed;
    }
    const listed = everyAccountListed && this.ctx.sources.status(CLOUD_SOURCE.serviceAccounts) === 'complete';
    return { serviceAccountsByClientId: listed ? this.byClientId : null };
  }

  /** The configured projects, or projects.search; null when the search did not complete (nothing else is read). */
  private async projects(): Promise<ProjectRef[] | null> {
    const configured = this.ctx.options.projects;
    if (configured) {
      this.ctx.sources.switchedOff(CLOUD_SOURCE.projects, 'options.projects names the projects');
      return configuredProjects(configured);
    }
    const found: ProjectRef[] = [];
    await this.ctx.sources.read(CLOUD_SOURCE.projects, async (signal) => {
      for await (const page of searchProjects(this.c, signal))
        for (const raw of page) {
          const ref = raw && typeof raw === 'object' && typeof raw.projectId === 'string' ? projectRef(raw) : undefined;
          if (ref) found.push(ref);
          else if (ref === undefined)
            await this.refuse(CLOUD_SOURCE.projects, raw, 'Google Cloud project without projectId');
          else this.ctx.sources.counted(CLOUD_SOURCE.projects);
        }
    });
    return this.ctx.sources.status(CLOUD_SOURCE.projects) === 'complete' ? found : null;
  }

  /** One project; true when its service accounts were all listed. */
  private async project(project: ProjectRef): Promise<boolean> {
    const bindings = await this.policy(project);
    const usage = await this.usage(project);
    const listed = await this.perProject(CLOUD_SOURCE.serviceAccounts, project, async (signal) => {
      const all: GcpServiceAccount[] = [];
      for await (const page of accounts.listServiceAccounts(this.c, project.projectId, signal)) {
        this.ctx.keepRaw('service-accounts', page);
        all.push(...page);
      }
      return all;
    });
    if (listed) await this.emitAccounts(project, listed, bindings, usage);
    await this.workloadIdentity(project, bindings);
    return listed !== null;
  }

  /** The project's IAM policy (version 3); null when it could not be read or was malformed (quarantined). */
  private async policy(project: ProjectRef): Promise<ProjectBindings | null> {
    const raw = await this.perProject(CLOUD_SOURCE.policies, project, (signal) =>
      getProjectPolicy(this.c, project.projectId, signal),
    );
    if (!raw) return null;
    this.ctx.keepRaw('iam-policies', raw);
    try {
      const bindings = bindingsOf(raw, project);
      this.ctx.sources.counted(CLOUD_SOURCE.policies);
      return bindings;
    } catch (error) {
      if (!(error instanceof InvalidRecordError)) throw error;
      await this.refuse(CLOUD_SOURCE.policies, raw, error.message);
      return null;
    }
  }

  /** Both last-authentication activity types of the project; null when switched off or not answered. */
  private async usage(project: ProjectRef): Promise<Usage | null> {
    if (this.ctx.sources.isSwitchedOff(CLOUD_SOURCE.lastAuthentication)) return null;
    const source = CLOUD_SOURCE.lastAuthentication;
    let broken = 0;
    const bad = async (raw: unknown) => {
      broken++;
      await this.refuse(source, raw, 'Policy Analyzer activity without lastAuthenticatedTime or resource name');
    };
    const usage = await this.perProject(source, project, async (signal) => {
      const out: Usage = { accounts: new Map(), keys: new Map() };
      await queryLastAuthentication(this.c, project, SA_LAST_AUTHENTICATION, out.accounts, bad, signal);
      await queryLastAuthentication(this.c, project, KEY_LAST_AUTHENTICATION, out.keys, bad, signal);
      this.ctx.sources.counted(source, out.accounts.size + out.keys.size);
      return out;
    });
    // A dropped activity would read as "not used": the project's usage is then unknown, not partly empty.
    return broken > 0 ? null : usage;
  }

  /** Keys of each account (options.concurrency at a time), then each account emitted with all its parts. */
  private async emitAccounts(
    project: ProjectRef,
    listed: GcpServiceAccount[],
    bindings: ProjectBindings | null,
    usage: Usage | null,
  ): Promise<void> {
    const keys = await this.keys(listed);
    const usageKnown = usage !== null || this.ctx.sources.isSwitchedOff(CLOUD_SOURCE.lastAuthentication);
    await this.ctx.sources.read(CLOUD_SOURCE.serviceAccounts, async () => {
      for (const [i, raw] of listed.entries()) {
        const stale: StaleField[] = [
          ...(bindings ? [] : staleOf(CLOUD_SOURCE.policies, ['permissions', 'ownerClaims'])),
          ...(usageKnown ? [] : staleOf(CLOUD_SOURCE.lastAuthentication, ['lastUsedAt', 'credentials'])),
          ...(keys[i] === null ? staleOf(CLOUD_SOURCE.keys, ['credentials']) : []),
        ];
        const parts: accounts.AccountParts = {
          keys: keys[i],
          accountUse: usage?.accounts ?? null,
          keyUse: usage?.keys ?? null,
          bindings: bindings ?? NO_BINDINGS,
          stale,
        };
        let identity: { id: string; email: string; client: string | null } | null = null;
        await this.ctx.sources.emit(CLOUD_SOURCE.serviceAccounts, raw, () => {
          const out = accounts.transform(raw, project, this.t, parts);
          const a = out.attributes as { email: string; oauth2ClientId: string | null };
          identity = { id: out.id, email: a.email, client: a.oauth2ClientId };
          return out;
        });
        const seen = identity as { id: string; email: string; client: string | null } | null;
        if (seen?.client) this.byClientId.set(seen.client, { email: seen.email, identityId: seen.id });
      }
    });
  }

  /**
   * keys.list per account; an account whose keys could not be read (or came malformed) gets null. When the first
   * KEY_FAILURES_BEFORE_GIVING_UP calls of the run all fail, the method is refused or down for the whole credential:
   * the source ends with that error instead of asking (and timing out) once per account.
   */
  private async keys(listed: GcpServiceAccount[]): Promise<Array<GcpServiceAccountKey[] | null>> {
    const out: Array<GcpServiceAccountKey[] | null> = listed.map(() => null);
    const source = CLOUD_SOURCE.keys;
    if (this.keyCalls.givenUp) return out;
    await this.ctx.sources.read(source, async (signal) => {
      await mapLimit(listed, this.ctx.options.concurrency, async (sa, i) => {
        if (signal.aborted || this.keyCalls.givenUp || typeof sa?.name !== 'string' || !sa.name) return;
        try {
          out[i] = await this.accountKeys(sa.name, sa.email ?? sa.name, signal);
        } catch (error) {
          if (signal.aborted || !isVendorFailure(error)) throw error;
          if (this.keyCalls.ok === 0 && ++this.keyCalls.failed >= KEY_FAILURES_BEFORE_GIVING_UP)
            this.keyCalls.givenUp ??= error;
          else this.ctx.sources.objectFailed(source, sa.email ?? sa.name, error);
        }
      });
      if (this.keyCalls.givenUp) throw this.keyCalls.givenUp;
    });
    return out;
  }

  /** One account's user-managed keys; null when one came without its name (quarantined). */
  private async accountKeys(name: string, label: string, signal: AbortSignal): Promise<GcpServiceAccountKey[] | null> {
    const source = CLOUD_SOURCE.keys;
    const keys = await listUserManagedKeys(this.c, name, signal);
    this.keyCalls.ok++;
    this.ctx.keepRaw('service-account-keys', keys);
    const broken = keys.filter((k) => !k || typeof k !== 'object' || typeof k.name !== 'string' || !k.name);
    for (const k of broken) await this.refuse(source, k, `key of ${label} without name`);
    this.ctx.sources.counted(source, keys.length - broken.length);
    return broken.length ? null : keys;
  }

  /** Pools of the project, each pool's providers, each provider emitted with its pool's federated roles. */
  private async workloadIdentity(project: ProjectRef, bindings: ProjectBindings | null): Promise<void> {
    const source = CLOUD_SOURCE.workloadIdentity;
    const stale = bindings ? [] : staleOf(CLOUD_SOURCE.policies, ['permissions']);
    await this.perProject(source, project, async (signal) => {
      for await (const pools of wif.listPools(this.c, project.projectId, signal))
        for (const pool of pools) {
          if (!pool || typeof pool !== 'object' || typeof pool.name !== 'string') {
            await this.refuse(source, pool, 'workload identity pool without name');
            continue;
          }
          for await (const providers of wif.listProviders(this.c, pool.name, signal)) {
            this.ctx.keepRaw('workload-identity-providers', providers);
            for (const raw of providers)
              await this.ctx.sources.emit(source, raw, () => ({
                ...wif.transform(raw, pool, project, this.t, bindings ?? NO_BINDINGS),
                stale,
              }));
          }
        }
      return true;
    });
  }

  /**
   * One project's part of a source: a vendor failure (403 on this project, 5xx, timeout) is that project's problem
   * (the source goes partial, so nothing of it is swept) and the other projects are still read.
   */
  private async perProject<T>(
    source: string,
    project: ProjectRef,
    read: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | null> {
    let out: T | null = null;
    await this.ctx.sources.read(source, async (signal) => {
      try {
        out = await read(signal);
      } catch (error) {
        if (signal.aborted || !isVendorFailure(error)) throw error;
        this.ctx.sources.objectFailed(source, `projects/${project.projectId}`, error);
      }
    });
    return out;
  }

  /** Quarantines a record the source cannot use (the source goes partial; nothing is written for it). */
  private refuse(source: string, raw: unknown, reason: string): Promise<void> {
    return this.ctx.sources.emit(source, raw, () => {
      throw new InvalidRecordError(reason, null);
    });
  }
}

const staleOf = (source: string, fields: StaleField['field'][]): StaleField[] =>
  fields.map((field) => ({ field, source }));

/** Runs `work` over `items`, at most `limit` at a time, keeping each result at its index. */
async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
