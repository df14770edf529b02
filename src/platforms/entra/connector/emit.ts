import type { ScanContext } from '../../../sync/connector.js';
import { isVendorFailure } from '../../../sync/failure.js';
import type { WireApplication, WireServicePrincipal } from './graph-types.js';
import { assembleIdentity, type IdentityParts } from './identity.js';
import type { IdentityFetcher, Prefetched } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import { hasId, quarantine } from './records.js';
import type { ServicePrincipalClass } from './service-principals.js';
import type { EntraSourceId } from './sources.js';

/** One identity to emit: an application and/or its service principal, and what was looked up for it. */
export interface IdentityWork {
  app: WireApplication | null;
  sp: WireServicePrincipal | null;
  cls: ServicePrincipalClass | null;
  pre: Prefetched;
}

/**
 * Builds and emits one identity through `source`: an object without an id, or one whose payload breaks the build or
 * the transform, is quarantined (the rest goes on); what a per-object call could not read is marked stale on it.
 */
export async function emitIdentity(
  ctx: ScanContext<EntraOptions>,
  fetcher: IdentityFetcher,
  source: EntraSourceId,
  work: IdentityWork,
): Promise<void> {
  const { app, sp, cls, pre } = work;
  const raw = app ?? sp;
  if ((app && !hasId(app)) || (sp && !hasId(sp)))
    return quarantine(ctx, source, raw, `${app ? 'application' : 'servicePrincipal'} without an id`);
  let parts: IdentityParts;
  try {
    parts = await fetcher.build(ctx.tenant, app, sp, cls, pre);
  } catch (error) {
    // Per-object vendor failures are handled inside build; what escapes is a cancel or a malformed payload.
    if (ctx.signal.aborted || isVendorFailure(error)) throw error;
    return ctx.sources.emit(source, raw, () => {
      throw error;
    });
  }
  await ctx.sources.emit(source, raw, () => assembleIdentity(parts));
}
