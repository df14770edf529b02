import type { EventTag } from '../../../monitoring/event.js';

/**
 * What Okta System Log event types mean (`eventType`, as in Okta's Event Types catalogue,
 * developer.okta.com/docs/reference/api/event-types). Types not listed carry no tag: stored, baselined, never
 * sensitive.
 */
const TAGS: Record<string, readonly EventTag[]> = {
  // New credentials: SSWS API tokens, client secrets and JWKs added to (or re-activated on) an OAuth client.
  'system.api_token.create': ['credential.create'],
  'app.oauth2.credentials.lifecycle.create': ['credential.create'],
  'app.oauth2.credentials.lifecycle.activate': ['credential.create'],
  // A client secret shown in clear in the Admin Console or read through the API.
  'app.oauth2.client.read_client_secret': ['secret.read'],
  // Access granted: admin roles to users and groups, resource-set bindings, Okta API scopes to OAuth clients,
  // new OAuth clients and apps, API service integrations authorized for the org.
  'user.account.privilege.grant': ['iam.write'],
  'group.privilege.grant': ['iam.write'],
  'iam.resourceset.bindings.add': ['iam.write'],
  'app.oauth2.client.privilege.grant': ['iam.write'],
  'app.oauth2.admin.consent.grant': ['iam.write'],
  'app.oauth2.client.lifecycle.create': ['iam.write'],
  'application.lifecycle.create': ['iam.write'],
  'integration.api_service.lifecycle.authorize': ['iam.write'],
  // Who the org trusts and on what terms: identity providers, sign-on and access policies, network zones.
  'system.idp.lifecycle.create': ['trust.write'],
  'policy.lifecycle.update': ['trust.write'],
  'policy.lifecycle.deactivate': ['trust.write'],
  'policy.lifecycle.delete': ['trust.write'],
  'policy.rule.update': ['trust.write'],
  'policy.rule.delete': ['trust.write'],
  'application.policy.sign_on.update': ['trust.write'],
  'application.policy.sign_on.rule.delete': ['trust.write'],
  'zone.deactivate': ['trust.write'],
  'zone.delete': ['trust.write'],
  // The audit trail itself: a log stream (System Log forwarding to a SIEM) turned off, deleted or changed.
  'system.log_stream.lifecycle.deactivate': ['logging.disable'],
  'system.log_stream.lifecycle.delete': ['logging.disable'],
  'system.log_stream.lifecycle.update': ['logging.disable'],
  // A browser sign-in to Okta, and to the Admin Console.
  'user.session.start': ['login.interactive'],
  'user.session.access_admin_app': ['login.interactive'],
};

export function eventTypeTags(eventType: string): readonly EventTag[] | undefined {
  return TAGS[eventType];
}

/** Sign-ins and OAuth token grants are authentications (OCSF 3002); the rest is API activity. */
export function isAuthentication(eventType: string): boolean {
  return (
    eventType.startsWith('user.session.') ||
    eventType.startsWith('user.authentication.') ||
    /\.token\.grant(\.|$)/.test(eventType)
  );
}
