import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { createGraphSession } from './client.js';
import { deltaScan } from './delta-scan.js';
import { fullScan } from './full-scan.js';
import { fullScanDue, storedDeltaLinks } from './delta-state.js';
import { Graph, isSyncStateLost } from './graph.js';
import type { EntraOptions } from './options.js';

/**
 * One scan of a tenant: incremental from the stored delta links when they exist and the last full scan is recent
 * (docs/connectors/entra.md "Scans and calls"), else full; a delta token Graph forgot falls back to a full scan.
 */
export async function scanEntra(ctx: ScanContext<EntraOptions>): Promise<ScanResult> {
  const session = createGraphSession(ctx.options, ctx);
  const graph = new Graph(session.client, ctx);
  try {
    const links = storedDeltaLinks(ctx.state);
    if (links && !fullScanDue(ctx)) {
      try {
        await deltaScan(ctx, graph, links);
        return { mode: 'incremental' };
      } catch (error) {
        if (!isSyncStateLost(error)) throw error;
        ctx.log.warn('Graph no longer knows a stored delta token (sync state expired); running a full scan instead');
      }
    }
    await fullScan(ctx, graph);
    return { mode: 'full' };
  } finally {
    session.close();
  }
}
