import { detectionRule } from '../detection.js';

export const newOrigin = detectionRule({
  meta: {
    id: 'activity-new-origin',
    title: 'New network, country or client for an identity with a stable baseline',
    severity: 'medium',
    owasp: 'NHI2:2025',
    description:
      'An identity that has acted from the same networks (ASNs), countries and clients (user-agent families) for a while acted from a new one: a leaked credential used from somewhere else.',
    remediation:
      'Check whether the workload moved or changed clients; if not, rotate the credential and review the events from the new origin.',
  },
  evaluate(event, { baseline, thresholds }) {
    if (!baseline?.stable(thresholds.stableEvents, thresholds.stableDays)) return null;
    const fresh: string[] = [];
    if (event.country !== null && baseline.countries.size > 0 && !baseline.countries.has(event.country))
      fresh.push(`country ${event.country}`);
    if (event.asn !== null && baseline.asns.size > 0 && !baseline.asns.has(event.asn)) fresh.push(`AS${event.asn}`);
    if (event.uaFamily !== null && baseline.uaFamilies.size > 0 && !baseline.uaFamilies.has(event.uaFamily))
      fresh.push(`client ${event.uaFamily}`);
    if (fresh.length === 0) return null;
    return {
      subject: fresh.join('+'),
      message: `${event.actor.name} acted (${event.operation}) from a new ${fresh.join(', ')}`,
      ...(fresh.some((f) => f.startsWith('country')) ? { severity: 'high' as const } : {}),
    };
  },
});
