import {
  GetAccountAuthorizationDetailsCommand,
  type EntityType,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { ScanContext } from '../../../sync/connector.js';
import type { AwsOptions } from './options.js';

/**
 * GetAccountAuthorizationDetails (GAAD): users, roles, groups and managed policies, 1000 items a page. Its items
 * are transformed by users.ts, roles.ts, groups.ts and managed-policies.ts.
 */
export type GaadPage = GetAccountAuthorizationDetailsCommandOutput;

/** GetAccountAuthorizationDetails' documented maximum page size. */
const GAAD_PAGE = 1000;
export const ALL: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
/** What users and roles refer to: held for the whole scan (a few hundred items in a large account). */
export const REFERENCED: EntityType[] = ['Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
/** Streamed: each page is transformed and sent to the sink before the next one is kept. */
export const PRINCIPALS: EntityType[] = ['User', 'Role'];

/**
 * One GAAD page (counted and kept raw), aborted by the source's signal. Per-call options make the client rebuild its
 * cached middleware chains once (client.ts): once per 1000 items, unlike the per-user calls (access-keys.ts).
 */
export async function gaadPage(
  client: IAMClient,
  ctx: ScanContext<AwsOptions>,
  filter: EntityType[],
  marker: string | undefined,
  signal: AbortSignal,
): Promise<GaadPage> {
  const page = await client.send(
    new GetAccountAuthorizationDetailsCommand({
      Filter: filter,
      MaxItems: GAAD_PAGE,
      ...(marker ? { Marker: marker } : {}),
    }),
    { abortSignal: signal },
  );
  ctx.metrics.page();
  ctx.keepRaw('GetAccountAuthorizationDetails', page);
  if (ctx.signal.aborted) throw new Error('scan was cancelled');
  return page;
}

/** Reads one page of a filter (the scan wraps gaadPage in its source's read). */
export type GaadPageReader = (filter: EntityType[], marker: string | undefined) => Promise<GaadPage>;

/**
 * Every GAAD page of a filter. The next page is requested while the caller works on the current one (two pages
 * at most are alive), so the vendor's time to build a page overlaps ours to process the previous one.
 */
export async function* gaadPages(read: GaadPageReader, filter: EntityType[]): AsyncGenerator<GaadPage> {
  let next: Promise<GaadPage> | null = read(filter, undefined);
  try {
    while (next) {
      const page: GaadPage = await next;
      next = page.IsTruncated && page.Marker ? read(filter, page.Marker) : null;
      // A prefetch that fails while the caller is still busy must not be an unhandled rejection; it is awaited next turn.
      next?.catch(() => {});
      yield page;
    }
  } finally {
    // The caller stopped early (error, cancel): let an in-flight prefetch settle quietly.
    next?.catch(() => {});
  }
}
