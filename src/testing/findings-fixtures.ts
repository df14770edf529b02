import { BUILTIN_RULES } from '../platforms/registry.js';
import type { Finding } from '../model/index.js';
import { evaluateViews } from '../analysis/risk/evaluate.js';
import { view } from './views.js';
import { findingMessage } from '../analysis/risk/evaluate.js';

/** A small set of findings covering every status, for format tests (structural and contract). */
export function sampleFindings(): Finding[] {
  const now = new Date('2026-11-01T00:00:00Z');
  const views = [
    view({
      platform: 'aws',
      tenant: '111122223333',
      nativeType: 'root',
      nativeId: 'root',
      name: '<root_account>',
      credentials: [{ id: 'AKIAROOT', type: 'access_key', createdAt: '2019-01-01T00:00:00Z' }],
    }),
    view({
      platform: 'github',
      tenant: 'acme',
      kind: 'webhook',
      nativeType: 'org_hook',
      nativeId: '7',
      attributes: { url: 'http://x.test/hook' },
    }),
    view({
      platform: 'entra',
      tenant: 'acme.test',
      kind: 'oauth_app',
      nativeType: 'servicePrincipal',
      nativeId: 'sp1',
      thirdParty: true,
      publisher: { name: 'Shady', verified: false },
      interactive: true,
    }),
  ];
  const statuses: Finding['status'][] = ['open', 'reopened', 'suppressed', 'resolved'];
  return evaluateViews(views, { now, rules: BUILTIN_RULES }).map((h, n) => {
    const status = statuses[n % statuses.length];
    return {
      id: `${h.rule.id}|${h.identity.id}`,
      ruleId: h.rule.id,
      identityId: h.identity.id,
      platform: h.identity.platform,
      tenant: h.identity.tenant,
      severity: h.rule.severity,
      title: h.rule.title,
      message: findingMessage(h.rule, h.identity, h.evidence),
      evidence: h.evidence,
      status,
      firstSeen: '2026-10-01T00:00:00.000Z',
      lastSeen: status === 'open' ? '2026-10-01T00:00:00.000Z' : '2026-11-01T00:00:00.000Z',
      resolvedAt: status === 'resolved' ? '2026-11-01T00:00:00.000Z' : null,
      suppression:
        status === 'suppressed' ? { reason: 'accepted risk', by: 'alice', until: '2027-01-01T00:00:00.000Z' } : null,
    };
  });
}
