import type { IdentityInput } from '../../../model/index.js';
import { type TransformContext, epoch, slackId, str, userClaim } from './common.js';
import { scopePermission } from './scopes.js';
import type { SlackIntegrationLog } from './wire.js';

export const LOG_SOURCE = 'team.integrationLogs scope';

/** Change types after which an integration is no longer installed. */
const GONE = new Set(['removed', 'disabled']);

/** The app or legacy service a log entry is about: 'A0…' or 'service:1234'; null when it names neither. */
export function integrationKey(entry: SlackIntegrationLog): string | null {
  const app = str(entry?.app_id);
  if (app) return app;
  const service = entry?.service_id;
  return service != null && String(service) !== '' ? `service:${service}` : null;
}

/** The integration log folded per app or service: its latest entry, who added it and when. */
export interface Installed {
  key: string;
  latest: SlackIntegrationLog;
  added: SlackIntegrationLog | null;
}

/**
 * Folds team.integrationLogs entries (any order) into what is installed now: per app or service, the latest entry
 * decides (removed or disabled → gone); the latest `added` entry names the installer and the install date.
 */
export function foldLogs(entries: Iterable<SlackIntegrationLog>): Installed[] {
  const byKey = new Map<string, Installed>();
  const at = (e: SlackIntegrationLog) => Number(e?.date ?? 0);
  for (const e of entries) {
    const key = integrationKey(e);
    if (!key) continue;
    const seen = byKey.get(key) ?? { key, latest: e, added: null };
    if (at(e) >= at(seen.latest)) seen.latest = e;
    if (e.change_type === 'added' && (!seen.added || at(e) >= at(seen.added))) seen.added = e;
    byKey.set(key, seen);
  }
  return [...byKey.values()].filter((i) => !GONE.has(String(i.latest.change_type)));
}

/** Scopes of the latest entry that carries any (an expansion lists all of them). */
function scopesOf(i: Installed): string[] {
  const text = str(i.latest.scope) ?? str(i.added?.scope) ?? '';
  return [...new Set(text.split(',').map((s) => s.trim()))].filter(Boolean);
}

/**
 * Pure: one installed app or service of the integration log → an `integration` identity (plans without Enterprise
 * Grid). The log does not say bot from user scopes, nor internal from third party; the installer is the owner.
 */
export function transform(i: Installed, t: TransformContext): IdentityInput {
  const installer = str(i.added?.user_id);
  return {
    id: slackId(t, 'integration', i.key),
    platform: 'slack',
    tenant: t.tenant,
    kind: 'oauth_app',
    nativeType: 'integration',
    nativeId: i.key,
    name: str(i.latest.app_type) ?? str(i.latest.service_type) ?? i.key,
    createdAt: epoch(i.added?.date),
    createdBy: installer,
    attributes: {
      appId: str(i.latest.app_id),
      serviceType: str(i.latest.service_type),
      lastChange: str(i.latest.change_type),
      lastChangeAt: epoch(i.latest.date),
      installedBy: installer,
      channel: str(i.latest.channel),
    },
    permissions: scopesOf(i).map((s) => scopePermission(s, null, null, LOG_SOURCE)),
    ownerClaims: userClaim(installer, 'installer', 0.8, 'added it (team.integrationLogs user_id)'),
  };
}
