import { z } from 'zod';
import { nativeTypeFacts, type PlatformFacts } from '../../model/index.js';

/** Timestamps leave the transforms normalized by `iso()` (connector/common.ts): UTC, `Z`, milliseconds. */
const timestamp = z.iso.datetime();
/** GitHub App / fine-grained PAT permission levels as GitHub reports them (`read`, `write`, `admin`). */
const permissionLevel = z.string();

const patIdentity = {
  tokenId: z.number(),
  ownerLogin: z.string().nullable(),
  repositorySelection: z.enum(['none', 'all', 'subset']),
  tokenExpired: z.boolean(),
};
const patParts = {
  credential: { tokenId: z.number() },
  permission: { group: z.enum(['organization', 'repository', 'other']), key: z.string(), level: permissionLevel },
};

const secretCredential = { valueSetAt: timestamp.nullable() };

const hookIdentity = {
  url: z.string(),
  scheme: z.string().nullable(),
  insecureSsl: z.boolean(),
  contentType: z.string().nullable(),
  hasSecret: z.boolean(),
  events: z.array(z.string()),
  updatedAt: timestamp.nullable(),
  lastResponse: z
    .strictObject({ code: z.number().nullable(), status: z.string().nullable(), message: z.string().nullable() })
    .nullable(),
};

/** The typed attributes of every nativeType the GitHub connector emits (src/model/facts.ts). */
export const githubFacts = {
  /** connector/installations.ts: an App installation on the org. */
  installation: nativeTypeFacts({
    identity: {
      appId: z.number(),
      appSlug: z.string(),
      appName: z.string().nullable(),
      clientId: z.string().nullable(),
      repositorySelection: z.enum(['all', 'selected']),
      events: z.array(z.string()),
      targetType: z.string().nullable(),
      updatedAt: timestamp.nullable(),
      suspendedAt: timestamp.nullable(),
      suspendedBy: z.string().nullable(),
    },
    permission: { key: z.string(), level: permissionLevel, repositorySelection: z.enum(['all', 'selected']) },
  }),
  /** connector/credential-authorizations.ts: a SAML SSO authorization of a PAT, SSH key or OAuth/App token. */
  credential_authorization: nativeTypeFacts({
    identity: {
      login: z.string(),
      /** `personal access token`, `SSH key`, `OAuth app token`, `GitHub app token` (kept as sent). */
      credentialType: z.string(),
      credentialId: z.number(),
      authorizedCredentialId: z.number().nullable(),
    },
    credential: { credentialType: z.string(), tokenLastEight: z.string().optional() },
  }),
  /** connector/personal-access-tokens.ts: an approved fine-grained PAT grant. */
  pat_grant: nativeTypeFacts({ identity: patIdentity, ...patParts }),
  /** connector/pat-requests.ts: a pending fine-grained PAT request (`reason` only when GitHub sends the field). */
  pat_request: nativeTypeFacts({ identity: { ...patIdentity, reason: z.string().nullable().optional() }, ...patParts }),
  /** connector/deploy-keys.ts: a repository deploy key. */
  deploy_key: nativeTypeFacts({
    identity: {
      repository: z.string(),
      readOnly: z.boolean(),
      verified: z.boolean().nullable(),
      addedBy: z.string().nullable(),
    },
    credential: { keyType: z.string().nullable() },
    permission: { readOnly: z.boolean() },
  }),
  /** connector/org-secrets.ts: an organization Actions secret. */
  org_secret: nativeTypeFacts({
    identity: {
      scope: z.literal('organization'),
      visibility: z.enum(['all', 'private', 'selected']),
      updatedAt: timestamp.nullable(),
    },
    credential: secretCredential,
  }),
  /** connector/repo-secrets.ts: a repository Actions secret. */
  repo_secret: nativeTypeFacts({
    identity: { scope: z.literal('repository'), repository: z.string(), updatedAt: timestamp.nullable() },
    credential: secretCredential,
  }),
  /** connector/environment-secrets.ts: an Actions secret of one deployment environment of a repository. */
  environment_secret: nativeTypeFacts({
    identity: {
      scope: z.literal('environment'),
      repository: z.string(),
      environment: z.string(),
      updatedAt: timestamp.nullable(),
    },
    credential: secretCredential,
  }),
  /** connector/dependabot-secrets.ts: an organization Dependabot secret (seen by Dependabot jobs, never by workflows). */
  dependabot_org_secret: nativeTypeFacts({
    identity: {
      scope: z.literal('organization'),
      visibility: z.enum(['all', 'private', 'selected']),
      updatedAt: timestamp.nullable(),
    },
    credential: secretCredential,
  }),
  /** connector/dependabot-secrets.ts: a repository Dependabot secret. */
  dependabot_repo_secret: nativeTypeFacts({
    identity: { scope: z.literal('repository'), repository: z.string(), updatedAt: timestamp.nullable() },
    credential: secretCredential,
  }),
  /** connector/codespaces-secrets.ts: an organization Codespaces secret (injected into codespaces). */
  codespaces_org_secret: nativeTypeFacts({
    identity: {
      scope: z.literal('organization'),
      visibility: z.enum(['all', 'private', 'selected']),
      updatedAt: timestamp.nullable(),
    },
    credential: secretCredential,
  }),
  /** connector/runner-groups.ts: a self-hosted runner group (no credential, no dates: GitHub reports none). */
  runner_group: nativeTypeFacts({
    identity: {
      visibility: z.enum(['all', 'selected', 'private']),
      allowsPublicRepositories: z.boolean(),
      restrictedToWorkflows: z.boolean(),
      selectedWorkflows: z.array(z.string()),
      isDefault: z.boolean(),
      inherited: z.boolean(),
    },
  }),
  /** connector/oidc-sub-templates.ts: the org's custom Actions OIDC `sub` template (emitted only when customized). */
  org_oidc_sub_template: nativeTypeFacts({
    identity: {
      scope: z.literal('organization'),
      includeClaimKeys: z.array(z.string()),
      useImmutableSubject: z.boolean().nullable(),
    },
  }),
  /**
   * connector/oidc-sub-templates.ts: a repository that opted out of GitHub's default `sub` (`use_default: false`);
   * `includeClaimKeys` null = it uses the org's template.
   */
  repo_oidc_sub_template: nativeTypeFacts({
    identity: {
      scope: z.literal('repository'),
      repository: z.string(),
      includeClaimKeys: z.array(z.string()).nullable(),
      useImmutableSubject: z.boolean().nullable(),
      subClaimPrefix: z.string().nullable(),
    },
  }),
  /**
   * connector/secret-scanning-alerts.ts: an open secret-scanning alert (the leaked value is never requested).
   * `belongsToNativeTypes`: the GitHub NHI types a leaked GitHub credential of this secret type can belong to.
   */
  secret_scanning_alert: nativeTypeFacts({
    identity: {
      /** The repository (full name) it was found in; not `repository`: the alert is listed org-wide, not per repository. */
      leakedIn: z.string(),
      alertNumber: z.number(),
      state: z.enum(['open', 'resolved']),
      secretType: z.string(),
      secretTypeDisplayName: z.string().nullable(),
      provider: z.string().nullable(),
      validity: z.enum(['active', 'inactive', 'unknown']),
      publiclyLeaked: z.boolean().nullable(),
      multiRepo: z.boolean().nullable(),
      pushProtectionBypassed: z.boolean().nullable(),
      belongsToNativeTypes: z.array(z.string()),
      updatedAt: timestamp.nullable(),
    },
  }),
  /** connector/org-hooks.ts: an organization webhook (its permissions are the events it sends, no attributes). */
  org_hook: nativeTypeFacts({ identity: { scope: z.literal('organization'), ...hookIdentity } }),
  /** connector/repo-hooks.ts: a repository webhook. */
  repo_hook: nativeTypeFacts({
    identity: { scope: z.literal('repository'), repository: z.string(), ...hookIdentity },
  }),
} satisfies PlatformFacts;

export type GitHubNativeType = keyof typeof githubFacts;
