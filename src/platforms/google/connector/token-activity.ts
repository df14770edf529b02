import type { ScanContext } from '../../../sync/connector.js';
import type { GoogleCalls, WorkspaceClients } from './client.js';
import { iso } from './common.js';
import type { GoogleOptions } from './options.js';
import { type Activity, advance, eventKey, listActivities, loadCursor, param, startTimeOf } from './reports.js';
import { ENDPOINTS, SOURCE } from './sources.js';

/** What the Reports `token` events say of one OAuth client's use. */
export interface ClientUsage {
  firstUsedAt: string | null;
  lastUsedAt: string | null;
  clientType: string | null;
}

/** Events that show a client holding or using a grant (a `revoke` shows the opposite). */
const USE_EVENTS = new Set(['authorize', 'activity', 'request']);
const STATE_KEY = 'reports-token';

type Folded = Record<string, ClientUsage>;

/** Pure: token activities folded into each client's first and last use (onto what earlier runs folded). */
export function foldUsage(folded: Folded, activities: readonly Activity[]): Folded {
  const out: Folded = { ...folded };
  for (const a of activities) {
    const at = iso(a?.id?.time);
    if (!at) continue;
    for (const e of a.events ?? []) {
      const clientId = param(e?.parameters, 'client_id');
      if (!clientId || !USE_EVENTS.has(String(e.name))) continue;
      const prev = out[clientId] ?? { firstUsedAt: null, lastUsedAt: null, clientType: null };
      const latest = !prev.lastUsedAt || at >= prev.lastUsedAt;
      out[clientId] = {
        firstUsedAt: !prev.firstUsedAt || at < prev.firstUsedAt ? at : prev.firstUsedAt,
        lastUsedAt: latest ? at : prev.lastUsedAt,
        clientType: (latest ? param(e.parameters, 'client_type') : null) ?? prev.clientType,
      };
    }
  }
  return out;
}

/**
 * Reads the `token` application's events since the stored cursor (minus the overlap), de-duplicated by event key,
 * folds them and stores the cursor. `read: false` when the source did not complete (the clients' use is then stale).
 */
export async function readTokenActivity(
  ws: WorkspaceClients,
  calls: GoogleCalls,
  ctx: ScanContext<GoogleOptions>,
): Promise<{ read: boolean; byClient: Map<string, ClientUsage> }> {
  const stored = loadCursor<Folded>(ctx.state, STATE_KEY, () => ({}));
  let next = stored;
  await ctx.sources.read(SOURCE.tokenActivity, async (signal) => {
    const startTime = startTimeOf(stored, ctx.options, ctx.clock.now());
    const q = { source: SOURCE.tokenActivity, call: ENDPOINTS.tokenActivity, applicationName: 'token', startTime };
    const { events } = await listActivities(ws, calls, ctx, { ...q, seen: new Set(stored.seen) }, signal);
    const unique = dedupe(events);
    ctx.sources.counted(SOURCE.tokenActivity, unique.length);
    next = { ...advance(stored, unique, ctx.options), folded: foldUsage(stored.folded, unique) };
  });
  // Partial (an event quarantined) or failed: the clients' use is stale, and the next run reads the window again.
  const read = ctx.sources.status(SOURCE.tokenActivity) === 'complete';
  if (read) ctx.state.set(STATE_KEY, JSON.stringify(next));
  return { read, byClient: new Map(Object.entries(next.folded)) };
}

/** One page set may repeat an event at a page boundary; fold each key once. */
function dedupe(events: Activity[]): Activity[] {
  const seen = new Set<string>();
  return events.filter((a) => !seen.has(eventKey(a)) && seen.add(eventKey(a)));
}
