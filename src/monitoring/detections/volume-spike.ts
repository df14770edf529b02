import { detectionRule } from '../detection.js';

const DAY = 86_400_000;

export const volumeSpike = detectionRule({
  meta: {
    id: 'activity-volume-spike',
    title: 'Activity volume spike',
    severity: 'medium',
    owasp: 'NHI2:2025',
    description:
      "An identity's events in one day exceeded several times its busiest recent day: bulk reads or enumeration with a stolen credential.",
    remediation: 'Look at what the identity did that day; if it is not a known job, disable the credential.',
  },
  evaluate(event, { baseline, thresholds }) {
    if (!baseline) return null;
    const prior = baseline.priorDays(event.time);
    if (prior.length < thresholds.spikeMinDays) return null;
    const limit = Math.max(thresholds.spikeMinEvents, thresholds.spikeFactor * Math.max(...prior));
    // Fires once per day: on the event that crosses the limit.
    if (baseline.eventsOnDay(event.time) !== Math.floor(limit)) return null;
    const day = new Date(Math.floor(event.time / DAY) * DAY).toISOString().slice(0, 10);
    return {
      subject: `day:${day}`,
      message: `${event.actor.name} passed ${Math.floor(limit)} events on ${day} (busiest recent day: ${Math.max(...prior)})`,
    };
  },
});
