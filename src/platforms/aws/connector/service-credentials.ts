import {
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  type ServiceSpecificCredentialMetadata,
} from '@aws-sdk/client-iam';
import { guardPayload, idOf } from '../../../lib/payload.js';
import { identityId, type CredentialInput } from '../../../model/index.js';
import { iso } from './context.js';

/**
 * IAM users' service-specific credentials: CodeCommit HTTPS Git passwords, Amazon Keyspaces passwords, and the
 * long-term API keys of Amazon Bedrock (`bedrock.amazonaws.com`) and CloudWatch Logs (`logs.amazonaws.com`), which
 * may carry an ExpirationDate. One account-wide listing: ListServiceSpecificCredentials with `AllUsers=true` (no
 * ServiceName: every service), paged by Marker — instead of one call per user. Metadata only: the service password
 * or key is returned only when it is created.
 */

/** Services whose service-specific credentials are API keys that can be created with an expiry (IAM API reference). */
export const EXPIRING_SERVICE_CREDENTIALS = ['bedrock.amazonaws.com', 'logs.amazonaws.com'];

/** Yields pages of every user's service-specific credentials (1000 a page). */
export async function* listServiceCredentials(
  client: IAMClient,
  signal: AbortSignal,
): AsyncGenerator<ServiceSpecificCredentialMetadata[]> {
  let marker: string | undefined;
  do {
    if (signal.aborted) throw new Error('ListServiceSpecificCredentials stopped at the source deadline');
    const page = await client.send(
      new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 1000, Marker: marker }),
      { abortSignal: signal },
    );
    yield page.ServiceSpecificCredentials ?? [];
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
}

/** The element a listed credential lacks that makes it unreadable (its owner or its id), if any. */
export function missingServiceCredentialElement(c: ServiceSpecificCredentialMetadata): string | null {
  for (const name of ['UserName', 'ServiceSpecificCredentialId', 'ServiceName'] as const)
    if (typeof c[name] !== 'string' || c[name] === '') return name;
  return null;
}

/** One service-specific credential → a Steward credential of its user (pure). */
function serviceCredentialUnguarded(tenant: string, c: ServiceSpecificCredentialMetadata): CredentialInput {
  const missing = missingServiceCredentialElement(c);
  if (missing) throw new Error(`IAM service-specific credential without ${missing}`);
  const service = c.ServiceName!;
  return {
    id: identityId('aws', tenant, 'service_credential', c.ServiceSpecificCredentialId!),
    // An API key (Bedrock, CloudWatch Logs) is a bearer token; CodeCommit/Keyspaces credentials are a user name and
    // password for that one service.
    type: EXPIRING_SERVICE_CREDENTIALS.includes(service) ? 'token' : 'password',
    name: c.ServiceCredentialAlias ?? c.ServiceUserName ?? c.ServiceSpecificCredentialId!,
    createdAt: iso(c.CreateDate),
    expiresAt: iso(c.ExpirationDate),
    // IAM reports no last use of service-specific credentials.
    lastUsedAt: null,
    lastUsedSource: null,
    fingerprint: null,
    // Expired keys are listed with Status "Expired".
    enabled: c.Status === 'Active',
    attributes: {
      status: c.Status ?? null,
      lastUsedService: null,
      lastUsedRegion: null,
      serviceName: service,
      serviceUserName: c.ServiceUserName ?? null,
      serviceCredentialAlias: c.ServiceCredentialAlias ?? null,
      supportsExpiry: EXPIRING_SERVICE_CREDENTIALS.includes(service),
    },
  };
}

/** serviceCredential with malformed-payload errors naming the object (src/lib/payload.ts). */
export const serviceCredential = guardPayload(
  (_tenant: string, c: ServiceSpecificCredentialMetadata) =>
    `IAM service-specific credential ${idOf(c.ServiceSpecificCredentialId)}`,
  serviceCredentialUnguarded,
);
