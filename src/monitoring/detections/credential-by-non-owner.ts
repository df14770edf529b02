import { detectionRule } from '../detection.js';
import { actorIsOwner } from '../target-owners.js';

export const credentialByNonOwner = detectionRule({
  meta: {
    id: 'activity-credential-by-non-owner',
    title: 'Credential added to an NHI by someone other than its owner',
    severity: 'high',
    owasp: 'NHI2:2025',
    description:
      "A new secret, certificate or key was added to an NHI that has an owner, by an actor that is neither that owner nor the NHI itself: the way a compromised admin or over-privileged application takes over an application (Midnight Blizzard, 2024). The owner is the ownership layer's decision in the store.",
    remediation:
      "Ask the owner whether the credential is expected; if not, remove it, review what the NHI did since it was added (sign-ins with its key id), and review who may manage the NHI's credentials.",
  },
  seesPeople: true,
  evaluate(event, { target, resolution }) {
    if (!event.success || !target?.owner || !event.tags.includes('credential.create')) return null;
    // The NHI rotating its own credential, or its owner doing it: expected.
    if (resolution?.identityId === target.identityId || actorIsOwner(event, target.owner)) return null;
    // A team owner has no person to compare with (team membership is not stored): unknown, not a mismatch.
    if (target.owner.ids.size === 0) return null;
    return {
      subject: `${event.operation} → ${target.identityId}`,
      message: `${event.actor.name} added a credential to ${event.target ?? target.identityId} (${event.operation}), which ${target.owner.email} owns`,
      identityId: target.identityId,
    };
  },
});
