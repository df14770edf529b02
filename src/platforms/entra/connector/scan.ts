import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { createGraphSession } from './client.js';
import { deltaScan } from './delta-scan.js';
import { deltaLinksMatch, fullScanDue, storedDeltaLinks } from './delta-state.js';
import { fullScan } from './full-scan.js';
import { Graph } from './graph.js';
import type { EntraOptions } from './options.js';

/**
 * One scan of a tenant: incremental from the stored delta links when they exist, point at this Graph base URL and
 * the last full scan is recent (docs/connectors/entra.md "Scans and calls"), else full; a delta token Graph forgot
 * falls back to a full scan.
 */
export async function scanEntra(ctx: ScanContext<EntraOptions>): Promise<ScanResult> {
  const session = createGraphSession(ctx.options, ctx);
  const graph = new Graph(session.client, ctx, session.authFailure);
  try {
    // A bad client secret fails the tenant here, before any source is read.
    await session.authenticate();
    const links = storedDeltaLinks(ctx.state);
    if (links && !deltaLinksMatch(links, ctx.options.graphBaseUrl))
      ctx.log.info(
        `stored delta links point at another Graph host than graphBaseUrl ${ctx.options.graphBaseUrl}; running a full scan`,
      );
    else if (links && !fullScanDue(ctx)) {
      if ((await deltaScan(ctx, graph, links)) === 'applied') return { mode: 'incremental' };
      ctx.log.warn('Graph no longer knows a stored delta token (sync state expired); running a full scan instead');
    }
    await fullScan(ctx, graph);
    return { mode: 'full' };
  } finally {
    session.close();
  }
}
