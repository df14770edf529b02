import type { IdentityInput } from '../../../model/index.js';
import { type TransformContext, iso, oktaId, requireId, str } from './common.js';
import type { OktaAiAgent } from './wire.js';

/**
 * Pure: one AI agent (Okta for AI Agents, Beta) → an agent_identity. The list answer names no owner and no
 * credential (its keys and owners are separate Beta resources), so ownership comes from resolution or nobody.
 */
export function transform(raw: OktaAiAgent, t: TransformContext): IdentityInput {
  const nativeId = requireId(raw.id, 'Okta AI agent');
  return {
    id: oktaId(t, 'agent_identity', nativeId),
    platform: 'okta',
    tenant: t.tenant,
    kind: 'service_account',
    nativeType: 'agent_identity',
    nativeId,
    name: str(raw.profile?.name) ?? nativeId,
    createdAt: iso(raw.created),
    enabled: raw.status === 'ACTIVE',
    attributes: {
      status: str(raw.status) ?? 'UNKNOWN',
      appId: str(raw.appId),
      description: str(raw.profile?.description),
      lastUpdated: iso(raw.lastUpdated),
    },
  };
}
