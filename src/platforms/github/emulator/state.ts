import type { GhAppData, GhRepoData, GitHubEstateData } from '../estate/types.js';
import type { AppKey } from './auth.js';
import { RateLimits } from './rate-limits.js';
import { Renderer } from './render.js';

/** What the route handlers of one running GitHub emulator share. */
export interface EmulatorState {
  data: GitHubEstateData;
  org: string;
  /** Serve GHEC-only endpoints (credential authorizations). */
  ghec: boolean;
  /** Serve the fine-grained PAT lists to classic tokens too (github.com answers them only to Apps). */
  patListsForTokens: boolean;
  ownerToken: string;
  /** Endpoint templates where the org enforces SAML SSO on the owner's (unauthorized) classic token. */
  ssoEndpoints: string[];
  appKey: AppKey;
  /** Installation token → expiry (ms). */
  installationTokens: Map<string, number>;
  reposByName: Map<string, GhRepoData>;
  appsBySlug: Map<string, GhAppData>;
  rates: RateLimits;
  render: Renderer;
  /** Audit-log entries served instead of the derived ones (the array itself: entries pushed later are served). */
  plantedAuditLog: Record<string, unknown>[] | null;
  /** The emulator's base URL, known once it listens (set on every request). */
  base: string;
}

export function createState(
  data: GitHubEstateData,
  options: {
    ghec?: boolean;
    patListsForTokens?: boolean;
    ssoEnforced?: string[];
    auditLog?: Record<string, unknown>[];
  },
  ownerToken: string,
  appKey: AppKey,
): EmulatorState {
  const state: EmulatorState = {
    data,
    org: data.org.login,
    ghec: options.ghec ?? true,
    patListsForTokens: options.patListsForTokens ?? true,
    ownerToken,
    ssoEndpoints: options.ssoEnforced ?? [],
    appKey,
    installationTokens: new Map(),
    reposByName: new Map(data.repos.map((r) => [r.name.toLowerCase(), r])),
    appsBySlug: new Map(data.apps.map((a) => [a.slug, a])),
    rates: new RateLimits(),
    // Called only while serving, when `state` exists.
    render: new Renderer(() => state.base, data),
    plantedAuditLog: options.auditLog ?? null,
    base: '',
  };
  return state;
}
