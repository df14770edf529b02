import { evaluateViews, findingMessage } from '../analysis/risk/evaluate.js';
import type { Finding, IdentityInput } from '../model/index.js';
import { BUILTIN_RULES, PLATFORMS } from '../platforms/registry.js';
import { view } from './views.js';

/**
 * What every platform's connector emits for its hand-written vendor payloads (src/platforms/<id>/fixtures/, the
 * connector's own transforms, no network), loaded by registry id so a new platform's fixtures join by themselves.
 */
const FIXTURE_MODULES = await Promise.all(
  PLATFORMS.map(
    async (p) =>
      (await import(/* @vite-ignore */ new URL(`../platforms/${p.id}/fixtures/index.js`, import.meta.url).href)) as {
        fixtureIdentities(): IdentityInput[];
      },
  ),
);

/** Every platform's fixture identities, as views without an owner (ownership is not what format tests check). */
export function fixtureViews() {
  return FIXTURE_MODULES.flatMap((m) => m.fixtureIdentities().map((identity) => view(identity)));
}

/**
 * The built-in pack's findings on every platform's fixture identities, with statuses rotating through every value,
 * for format tests (structural and contract).
 */
export function sampleFindings(): Finding[] {
  const now = new Date('2026-11-01T00:00:00Z');
  const statuses: Finding['status'][] = ['open', 'reopened', 'suppressed', 'resolved'];
  return evaluateViews(fixtureViews(), { now, rules: BUILTIN_RULES }).map((h, n) => {
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
      resolvedReason: status === 'resolved' ? 'no longer true' : null,
      firstSeen: '2026-10-01T00:00:00.000Z',
      lastSeen: status === 'open' ? '2026-10-01T00:00:00.000Z' : '2026-11-01T00:00:00.000Z',
      resolvedAt: status === 'resolved' ? '2026-11-01T00:00:00.000Z' : null,
      suppression:
        status === 'suppressed' ? { reason: 'accepted risk', by: 'alice', until: '2027-01-01T00:00:00.000Z' } : null,
    };
  });
}
