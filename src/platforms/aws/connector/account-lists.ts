import type { IAMClient, ServiceSpecificCredentialMetadata } from '@aws-sdk/client-iam';
import type { CredentialInput, StaleField } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import {
  getOidcProvider,
  listOidcProviders,
  listSamlProviders,
  transformOidcProvider,
  transformSamlProvider,
  unreadableProvider,
} from './identity-providers.js';
import type { AwsOptions } from './options.js';
import { listServiceCredentials, missingServiceCredentialElement, serviceCredential } from './service-credentials.js';
import { OIDC_PROVIDERS, SAML_PROVIDERS, SERVICE_CREDENTIALS } from './sources.js';

/**
 * The account-wide lists read besides the credential report and GAAD: every user's service-specific credentials
 * (read before users are emitted: they fill `credentials`), and the OIDC and SAML identity providers (identities of
 * their own, read after users and roles). Each through its declared source.
 */
type Ctx = ScanContext<AwsOptions>;

/** Service-specific credentials by user name, and which users' lists are incomplete this run. */
export class HeldServiceCredentials {
  readonly byUser = new Map<string, ServiceSpecificCredentialMetadata[]>();
  /** A credential without its UserName was quarantined: it may be anyone's, so every user's list is incomplete. */
  ownerUnknown = false;
  /** Users one of whose credentials was quarantined (no id or service). */
  readonly incomplete = new Set<string>();

  /** A user's service-specific credentials as Steward credentials. */
  credentialsOf(tenant: string, userName: string): CredentialInput[] {
    return (this.byUser.get(userName) ?? []).map((c) => serviceCredential(tenant, c));
  }

  /**
   * The stale marks of a user whose list this run could not read whole (its credentials and `enabled`, which an
   * active service-specific credential decides); none when it could.
   */
  staleFor(userName: string): StaleField[] {
    return this.ownerUnknown || this.incomplete.has(userName)
      ? [
          { field: 'credentials', source: SERVICE_CREDENTIALS },
          { field: 'enabled', source: SERVICE_CREDENTIALS },
        ]
      : [];
  }

  /** Whether the user holds an active service-specific credential. */
  hasActive(userName: string): boolean {
    return (this.byUser.get(userName) ?? []).some((c) => c.Status === 'Active');
  }
}

/**
 * ListServiceSpecificCredentials(AllUsers) of the account; null when the source did not complete (the sink then
 * marks every user's credentials stale from the source's `fills`). A credential that cannot be attributed or
 * identified is quarantined and its user's credentials are kept from the store.
 */
export async function readServiceCredentials(client: IAMClient, ctx: Ctx): Promise<HeldServiceCredentials | null> {
  const held = new HeldServiceCredentials();
  const complete = await ctx.sources.read(SERVICE_CREDENTIALS, async (signal) => {
    for await (const page of listServiceCredentials(client, signal)) {
      ctx.metrics.page();
      ctx.keepRaw('ListServiceSpecificCredentials', page);
      for (const c of page) {
        const missing = missingServiceCredentialElement(c);
        if (!missing) {
          ctx.sources.counted(SERVICE_CREDENTIALS);
          const user = c.UserName!;
          const list = held.byUser.get(user);
          if (list) list.push(c);
          else held.byUser.set(user, [c]);
          continue;
        }
        if (missing === 'UserName') held.ownerUnknown = true;
        else held.incomplete.add(c.UserName!);
        await ctx.sources.emit(SERVICE_CREDENTIALS, c, () => {
          throw new InvalidRecordError(
            `IAM service-specific credential without ${missing} (ListServiceSpecificCredentials)`,
            c.ServiceSpecificCredentialId ?? null,
          );
        });
      }
    }
  });
  return complete ? held : null;
}

/** The account's OIDC providers: the list, then each provider's details (one failed Get skips that provider). */
export async function readOidcProviders(client: IAMClient, ctx: Ctx): Promise<void> {
  const t = { tenant: ctx.tenant };
  await ctx.sources.read(OIDC_PROVIDERS, async (signal) => {
    const entries = await listOidcProviders(client);
    ctx.metrics.page();
    ctx.keepRaw('ListOpenIDConnectProviders', entries);
    for (const entry of entries) {
      if (signal.aborted) return;
      const unreadable = unreadableProvider(entry, 'oidc_provider');
      if (unreadable) {
        await ctx.sources.emit(OIDC_PROVIDERS, entry, () => {
          throw new InvalidRecordError(
            `IAM OIDC provider ${unreadable} (ListOpenIDConnectProviders)`,
            entry.Arn ?? null,
          );
        });
        continue;
      }
      let detail: Awaited<ReturnType<typeof getOidcProvider>>;
      try {
        detail = await getOidcProvider(client, entry.Arn!);
      } catch (error) {
        // This provider is not written this run; the source is partial, so its stored record is not swept.
        if (!signal.aborted) ctx.sources.objectFailed(OIDC_PROVIDERS, entry.Arn!, error);
        continue;
      }
      await ctx.sources.emit(OIDC_PROVIDERS, { ...entry, ...detail }, () => transformOidcProvider(entry, detail, t));
    }
  });
}

/** The account's SAML providers (ListSAMLProviders: every provider in one answer). */
export async function readSamlProviders(client: IAMClient, ctx: Ctx): Promise<void> {
  const t = { tenant: ctx.tenant };
  await ctx.sources.read(SAML_PROVIDERS, async () => {
    const entries = await listSamlProviders(client);
    ctx.metrics.page();
    ctx.keepRaw('ListSAMLProviders', entries);
    for (const entry of entries) {
      const unreadable = unreadableProvider(entry, 'saml_provider');
      await ctx.sources.emit(SAML_PROVIDERS, entry, () => {
        if (unreadable)
          throw new InvalidRecordError(`IAM SAML provider ${unreadable} (ListSAMLProviders)`, entry.Arn ?? null);
        return transformSamlProvider(entry, t);
      });
    }
  });
}
