import type { CredentialInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { graphDate } from './dates.js';
import type { Graph } from './graph.js';
import type { WireAppCredentialSignInActivity } from './graph-types.js';
import type { IdentityFetcher } from './identity-fetcher.js';
import type { EntraOptions } from './options.js';
import { usable } from './records.js';
import { SOURCE } from './sources.js';

/** beta GET /reports/appCredentialSignInActivities: one entry per credential (and origin) that signed in. */
export function listCredentialSignIns(
  graph: Graph,
  onPage: (items: WireAppCredentialSignInActivity[]) => void | Promise<void>,
) {
  return graph.each<WireAppCredentialSignInActivity>(
    '/reports/appCredentialSignInActivities',
    'appCredentialSignInActivities',
    onPage,
    'beta',
  );
}

/** A credential as the report and the credential transform both name it: where it is set, and its keyId. */
export const credentialKey = (setOn: string, keyId: string) => `${setOn}:${keyId.toLowerCase()}`;

/**
 * Report entries → credential key → latest sign-in. Pure. An entry without keyId, origin or date says nothing about
 * a credential; several entries of one credential (one per resource it reached) keep the latest.
 */
export function addCredentialUses(uses: Map<string, string>, entries: readonly WireAppCredentialSignInActivity[]) {
  for (const e of entries) {
    const at = graphDate(e.signInActivity?.lastSignInDateTime);
    if (!e.keyId || !e.credentialOrigin || !at) continue;
    const key = credentialKey(e.credentialOrigin, e.keyId);
    const seen = uses.get(key);
    if (!seen || at > seen) uses.set(key, at);
  }
}

/**
 * The last use of each secret and certificate, from the report (null: it was not read, credentials are left as
 * they are). Pure. One the report does not name was not used in its window; federated credentials have no keyId.
 */
export function withCredentialUse(
  credentials: CredentialInput[],
  uses: ReadonlyMap<string, string> | null,
): CredentialInput[] {
  if (!uses) return credentials;
  return credentials.map((c) => {
    const { setOn, keyId } = (c.attributes ?? {}) as { setOn?: string; keyId?: string };
    if (!setOn || !keyId || c.type === 'federated') return c;
    return { ...c, lastUsedAt: uses.get(credentialKey(setOn, keyId)) ?? null };
  });
}

/**
 * Reads the per-credential report into `fetcher.credentialUses` before any identity is emitted, when the beta
 * option asks for it; otherwise the source is switched off (not-run, nothing kept or marked stale). An entry
 * without an id is quarantined: which credential it dated is unknown, so every credential list is kept as stored.
 */
export async function readCredentialSignIns(
  ctx: ScanContext<EntraOptions>,
  graph: Graph,
  fetcher: IdentityFetcher,
): Promise<void> {
  if (!ctx.options.beta.credentialSignInActivity) {
    ctx.sources.switchedOff(SOURCE.credentialSignIns, 'option beta.credentialSignInActivity is off (a beta endpoint)');
    return;
  }
  const uses = new Map<string, string>();
  const lost = () => {
    fetcher.credentialUsesLost = true;
  };
  await ctx.sources.read(SOURCE.credentialSignIns, async (signal) => {
    await listCredentialSignIns(graph.bound(signal), async (page) =>
      addCredentialUses(uses, await usable(ctx, SOURCE.credentialSignIns, page, 'appCredentialSignInActivity', lost)),
    );
  });
  const status = ctx.sources.status(SOURCE.credentialSignIns);
  if (status === 'complete' || status === 'partial') fetcher.credentialUses = uses;
}
