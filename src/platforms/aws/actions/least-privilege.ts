import { createHash } from 'node:crypto';
import type { Identity, Permission } from '../../../model/index.js';
import { type Grant, grantCovers } from '../connector/policy.js';
import type { ServicesLastAccessed } from '../connector/service-last-accessed.js';

/**
 * A least-privilege replacement for one broad managed policy of a user or role, from IAM last accessed
 * (attributes.servicesLastAccessed, read at ACTION_LEVEL): only what the principal used within IAM's tracking period
 * and the broad policy allowed. Action-level (`s3:ListAllMyBuckets`) for a service IAM reported used tracked actions
 * of; service-level (`ssm:*`, or the broad policy's own patterns of that service) for the others. Pure: the plan
 * shows the document it returns, and the approver signs it.
 */

/** How one used service appears in the generated policy, for the plan's diff. */
export interface ServiceLine {
  namespace: string;
  level: 'action' | 'service';
  actions: string[];
  why: string;
}

export interface Reduction {
  policyArn: string;
  policyName: string;
  document: string;
  services: ServiceLine[];
  /** Services the broad policy allowed that the report shows unused in the period: what the reduction takes away. */
  dropped: string[];
}

/** IAM's limit on a managed policy document (characters, whitespace excluded). */
const MAX_DOCUMENT = 6144;
const WHOLE_SERVICE = /^[a-z0-9-]+:\*$/i;

/** The Allow grants of each managed policy attached to the principal itself (not through a group), by ARN. */
export function directPolicies(identity: Identity): Map<string, { name: string; grants: Grant[] }> {
  const out = new Map<string, { name: string; grants: Grant[] }>();
  for (const p of identity.permissions) {
    const arn = p.attributes.policyArn;
    if (typeof arn !== 'string' || !p.source.startsWith('managed:')) continue;
    const entry = out.get(arn) ?? { name: p.source.slice('managed:'.length), grants: [] };
    entry.grants.push(grantOf(p));
    out.set(arn, entry);
  }
  return out;
}

function grantOf(p: Permission): Grant {
  const notAction = Array.isArray(p.attributes.notAction) ? (p.attributes.notAction as string[]) : null;
  return {
    nativeName: p.nativeName,
    actions: notAction ?? [p.nativeName],
    notAction: notAction !== null,
    resources: p.resource.split(','),
    conditional: p.attributes.conditional === true,
    sid: typeof p.attributes.sid === 'string' ? p.attributes.sid : null,
  };
}

/** Why a policy's grants cannot be narrowed to a Resource "*" action list that stays within them; null when they can. */
export function notNarrowable(grants: Grant[]): string | null {
  if (grants.some((g) => g.resources.length !== 1 || g.resources[0] !== '*'))
    return 'it grants on specific resources (a generated Resource "*" policy would widen them)';
  if (grants.some((g) => g.conditional)) return 'it has conditions (a generated policy would drop them)';
  if (grants.some((g) => g.notAction && !g.actions.every((a) => WHOLE_SERVICE.test(a))))
    return 'its NotAction excludes single actions, which a service-level grant would re-allow';
  return null;
}

const globOf = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');

/** The broad policy's patterns that reach into `ns` (a NotAction grant reaches every service it does not exclude). */
function patternsFor(grants: Grant[], ns: string): string[] {
  const out = new Set<string>();
  for (const g of grants) {
    if (g.notAction) {
      if (!g.actions.some((a) => a.toLowerCase() === `${ns}:*`)) out.add(`${ns}:*`);
      continue;
    }
    const [service, verb = '*'] = g.actions[0] === '*' ? ['*', '*'] : g.actions[0].split(':', 2);
    if (!globOf(service).test(ns)) continue;
    out.add(service.includes('*') || verb === '*' ? `${ns}:*` : `${ns}:${verb}`);
  }
  return out.has(`${ns}:*`) ? [`${ns}:*`] : [...out].sort();
}

function lineFor(grants: Grant[], s: ServicesLastAccessed['services'][number]): ServiceLine | null {
  const patterns = patternsFor(grants, s.namespace);
  if (patterns.length === 0) return null;
  const usedActions = (s.actions ?? [])
    .filter((a) => a.lastAccessed !== null)
    .map((a) => `${s.namespace}:${a.name}`)
    .filter((a) => grants.some((g) => grantCovers(g, a)));
  if (usedActions.length > 0)
    return {
      namespace: s.namespace,
      level: 'action',
      actions: usedActions.sort(),
      why: 'IAM reported the tracked actions used',
    };
  const why = s.actions
    ? 'IAM tracks actions of this service but reported none used (the use was of an untracked action)'
    : 'IAM reports this service at service level only';
  return { namespace: s.namespace, level: 'service', actions: patterns, why };
}

/** The replacement for one policy, or why there is none (no report, nothing used, nothing to take away). */
export function reduce(
  identity: Identity,
  policyArn: string,
  policy: { name: string; grants: Grant[] },
): Reduction | { refused: string } {
  const facts = identity.attributes.servicesLastAccessed as ServicesLastAccessed | undefined;
  const what = `${identity.name}'s ${policy.name}`;
  if (!facts?.services || identity.stale.some((s) => s.field === 'attributes.servicesLastAccessed'))
    return { refused: `${what}: no current IAM last-accessed report (scan with the option serviceLastAccessed)` };
  const blocked = notNarrowable(policy.grants);
  if (blocked) return { refused: `${what}: ${blocked}` };
  const reach = facts.services.filter((s) => patternsFor(policy.grants, s.namespace).length > 0);
  const used = reach.filter((s) => s.lastAuthenticated !== null);
  const services = used.map((s) => lineFor(policy.grants, s)).filter((l): l is ServiceLine => l !== null);
  if (services.length === 0)
    return {
      refused: `${what}: nothing it allows was used within IAM's tracking period; that is removing the policy (detach), not reducing it`,
    };
  const dropped = reach.filter((s) => s.lastAuthenticated === null).map((s) => s.namespace);
  if (dropped.length === 0 && services.every((l) => l.level === 'service'))
    return { refused: `${what}: every service it allows was used; there is nothing to take away` };
  const statement = {
    Sid: 'StewardUsedWithinTrackingPeriod',
    Effect: 'Allow',
    Action: services.flatMap((l) => l.actions),
    Resource: '*',
  };
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  if (document.length > MAX_DOCUMENT)
    return { refused: `${what}: the generated policy is ${document.length} characters, over IAM's ${MAX_DOCUMENT}` };
  return { policyArn, policyName: policy.name, document, services, dropped };
}

/** The generated policy's name: the principal's and a hash of the document (IAM names: 128 of [\w+=,.@-]). */
export function reducedPolicyName(principalName: string, document: string): string {
  const hash = createHash('sha256').update(document).digest('hex').slice(0, 10);
  return `steward-reduced-${principalName}`.slice(0, 100).concat(`-${hash}`);
}
