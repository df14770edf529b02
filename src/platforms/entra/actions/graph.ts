import type { Identity } from '../../../model/index.js';
import type { ActionContext, ActionTarget } from '../../../remediation/action.js';
import { actionScanContext, clientPerOptions } from '../../action-clients.js';
import { createGraphSession } from '../connector/client.js';
import type { EntraOptions } from '../connector/options.js';

/**
 * The Graph client the Entra actions call through: the connector's session (same auth, retries on 429/503 with
 * Retry-After, HTTPS transport, timeouts), one per tenant options object, so a plan's items share its token and
 * connections instead of a handshake and a token request per call.
 */
const sessionFor = clientPerOptions((ctx, tenant) =>
  createGraphSession(ctx.options as EntraOptions, actionScanContext<EntraOptions>('entra', tenant, ctx)),
);

export async function withGraph<T>(ctx: ActionContext, tenant: string, run: (client: GraphClient) => Promise<T>) {
  return run(sessionFor(ctx, tenant).client);
}

export type GraphClient = ReturnType<typeof createGraphSession>['client'];

/** The service principal of an application or service-principal identity, when it has one. */
export function servicePrincipalTarget(identity: Identity): ActionTarget | null {
  const spId = identity.attributes.servicePrincipalId;
  if (typeof spId !== 'string' || !['application', 'servicePrincipal'].includes(identity.nativeType)) return null;
  return {
    platform: identity.platform,
    tenant: identity.tenant,
    identityId: identity.id,
    credentialId: null,
    label: `${identity.name} (service principal ${spId})`,
    params: { servicePrincipalId: spId },
  };
}

/** Each client secret set on an app registration (keyId known): what removal and rotation act on. */
export function applicationSecretTargets(identity: Identity): ActionTarget[] {
  return identity.credentials
    .filter(
      (c) =>
        c.type === 'client_secret' && c.attributes.setOn === 'application' && typeof c.attributes.keyId === 'string',
    )
    .map((c) => ({
      platform: identity.platform,
      tenant: identity.tenant,
      identityId: identity.id,
      credentialId: c.id,
      label: `${identity.name} secret ${c.name ?? c.attributes.keyId}`,
      params: { applicationId: identity.nativeId, keyId: c.attributes.keyId as string },
    }));
}

type PasswordList = { passwordCredentials?: Array<{ keyId?: string }> };

/** The keyIds of an application's client secrets (GET /applications/{id}?$select=id,passwordCredentials). */
export async function secretKeyIds(client: GraphClient, applicationId: string): Promise<Set<string>> {
  const app = (await client
    .api(`/applications/${applicationId}`)
    .select('id,passwordCredentials')
    .get()) as PasswordList;
  return new Set((app.passwordCredentials ?? []).map((p) => p.keyId ?? ''));
}
