import {
  type AccessAnalyzerClient,
  type AnalyzerSummary,
  type FindingSummaryV2,
  ListAnalyzersCommand,
  ListFindingsV2Command,
} from '@aws-sdk/client-accessanalyzer';
import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import type { AwsOptions } from './options.js';
import { ACCESS_ANALYZERS, UNUSED_ACCESS_FINDINGS } from './sources.js';

/**
 * IAM Access Analyzer unused-access findings (where the account enabled an ACCOUNT_UNUSED_ACCESS analyzer): the
 * ACTIVE findings of ListFindingsV2 (UnusedIAMRole, UnusedPermission, UnusedIAMUserAccessKey, UnusedIAMUserPassword),
 * held by principal ARN and set on users and roles as `attributes.unusedAccess` before they are emitted. The list
 * carries the finding type, not the unused services (GetFindingV2 per finding would), which is what the rule needs.
 */
type Ctx = ScanContext<AwsOptions>;

/** What `attributes.unusedAccess` holds: the analyzer's age threshold and the principal's active finding types. */
export interface UnusedAccess {
  /** The analyzer's unusedAccessAge: days without use after which it reports access as unused. */
  unusedAccessAge: number | null;
  /** Sorted unique finding types of the principal's ACTIVE findings ([] = the analyzer reports nothing unused). */
  findingTypes: string[];
}

/** The findings of one account by principal ARN; `null` facts when the account has no unused-access analyzer. */
export class HeldUnusedAccess {
  private readonly byArn = new Map<string, Set<string>>();
  /** A finding that could not be read (no resource or type): no principal's facts are known for sure. */
  incomplete = false;

  constructor(readonly analyzer: AnalyzerSummary | null) {}

  add(arn: string, findingType: string): void {
    const types = this.byArn.get(arn) ?? new Set<string>();
    types.add(findingType);
    this.byArn.set(arn, types);
  }

  of(arn: string): UnusedAccess | null {
    if (!this.analyzer) return null;
    return {
      unusedAccessAge: this.analyzer.configuration?.unusedAccess?.unusedAccessAge ?? null,
      findingTypes: [...(this.byArn.get(arn) ?? [])].sort(),
    };
  }

  /** Sets the principal's facts (kept from the store, marked stale, when a finding could not be read). */
  annotate(identity: IdentityInput): IdentityInput {
    const attributes = identity.attributes as Record<string, unknown> | undefined;
    const arn = attributes?.arn;
    if (typeof arn !== 'string') return identity;
    if (this.incomplete)
      return {
        ...identity,
        stale: [...(identity.stale ?? []), { field: 'attributes.unusedAccess', source: UNUSED_ACCESS_FINDINGS }],
      };
    return { ...identity, attributes: { ...attributes, unusedAccess: this.of(arn) } };
  }
}

/** Whether a listed finding can be read (an id, the principal's ARN and a type). */
export function readableFinding(f: FindingSummaryV2): boolean {
  return typeof f?.resource === 'string' && typeof f.findingType === 'string' && typeof f.id === 'string';
}

/** The ACTIVE findings among readable ones, held by ARN (pure: the scan and the fixtures share it). */
export function holdFindings(held: HeldUnusedAccess, findings: FindingSummaryV2[]): HeldUnusedAccess {
  for (const f of findings) if (readableFinding(f) && f.status === 'ACTIVE') held.add(f.resource!, f.findingType!);
  return held;
}

/**
 * ListAnalyzers (type ACCOUNT_UNUSED_ACCESS), then the ACTIVE one's findings. No such analyzer: the findings source is
 * switched off with that reason (not "answered empty": the facts are null, unknown). Null when either source did not
 * complete (the engine keeps the stored facts).
 */
export async function readUnusedAccess(client: AccessAnalyzerClient, ctx: Ctx): Promise<HeldUnusedAccess | null> {
  const analyzers = await listUnusedAccessAnalyzers(client, ctx);
  if (!analyzers) return null;
  const active = analyzers.find((a) => a.status === 'ACTIVE');
  if (!active) {
    ctx.sources.switchedOff(
      UNUSED_ACCESS_FINDINGS,
      `account ${ctx.tenant} has no ACTIVE analyzer of type ACCOUNT_UNUSED_ACCESS (ListAnalyzers answered ${analyzers.length}): create one to get unused-access findings`,
    );
    return new HeldUnusedAccess(null);
  }
  const held = new HeldUnusedAccess(active);
  const complete = await ctx.sources.read(UNUSED_ACCESS_FINDINGS, async (signal) => {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListFindingsV2Command({ analyzerArn: active.arn, filter: { status: { eq: ['ACTIVE'] } }, nextToken }),
        { abortSignal: signal },
      );
      ctx.metrics.page();
      ctx.keepRaw('ListFindingsV2', page);
      for (const f of page.findings ?? []) await holdFinding(ctx, held, f);
      nextToken = page.nextToken;
    } while (nextToken);
  });
  return complete ? held : null;
}

/** The account's unused-access analyzers; null when the list could not be read whole (an unreadable item included). */
async function listUnusedAccessAnalyzers(client: AccessAnalyzerClient, ctx: Ctx): Promise<AnalyzerSummary[] | null> {
  const out: AnalyzerSummary[] = [];
  let unreadable = false;
  const complete = await ctx.sources.read(ACCESS_ANALYZERS, async (signal) => {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListAnalyzersCommand({ type: 'ACCOUNT_UNUSED_ACCESS', nextToken }), {
        abortSignal: signal,
      });
      for (const a of page.analyzers ?? []) {
        if (a && typeof a === 'object' && typeof a.arn === 'string') {
          ctx.sources.counted(ACCESS_ANALYZERS);
          out.push(a);
          continue;
        }
        unreadable = true;
        await ctx.sources.emit(ACCESS_ANALYZERS, a, () => {
          throw new InvalidRecordError('Access Analyzer analyzer without arn (ListAnalyzers)', null);
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
  });
  // An unreadable analyzer may be the active one: "none" cannot be concluded.
  return complete && !unreadable ? out : null;
}

async function holdFinding(ctx: Ctx, held: HeldUnusedAccess, f: FindingSummaryV2): Promise<void> {
  if (readableFinding(f)) {
    ctx.sources.counted(UNUSED_ACCESS_FINDINGS);
    holdFindings(held, [f]);
    return;
  }
  held.incomplete = true;
  await ctx.sources.emit(UNUSED_ACCESS_FINDINGS, f, () => {
    throw new InvalidRecordError('Access Analyzer finding without id, resource or findingType (ListFindingsV2)', null);
  });
}
