import type { CredentialType, IdentityKind } from '../../../model/index.js';
import type { NhiType } from './allocate.js';
import { classicScope } from './catalogue.js';
import { type GenContext, identityId, label, ownerOf, pickMember, plusDays } from './context.js';
import { NOTES, OAUTH_SCOPE_SETS, SCOPE_SETS } from './names.js';
import type { GhCredentialAuthorizationData } from './types.js';

type CredentialTypeName = GhCredentialAuthorizationData['credential_type'];
const CREDENTIAL_TYPES: Array<[NhiType, CredentialTypeName]> = [
  ['cred_pat', 'personal access token'],
  ['cred_ssh', 'SSH key'],
  ['cred_oauth', 'OAuth app token'],
];
const FINGERPRINT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The `i`-th authorization of one type; `seq` numbers authorizations across types. */
function authorization(c: GenContext, type: CredentialTypeName, i: number, seq: number): GhCredentialAuthorizationData {
  const { rng, now } = c;
  const person = pickMember(c);
  const authorizedAgo = rng.ageDays(1800) - rng.next();
  const authorized = rng.daysAgo(now, authorizedAgo);
  const accessed = rng.chance(0.22)
    ? null
    : rng.daysAgo(now, rng.chance(0.5) ? rng.next() * Math.min(authorizedAgo, 30) : rng.next() * authorizedAgo);
  const isPat = type === 'personal access token';
  const isSsh = type === 'SSH key';
  // Classic PATs: ~45% created without expiry (the first one always, to plant github-pat-no-expiry).
  let expires: string | null = null;
  if (isPat && !(i === 0 || rng.chance(0.45)))
    expires = plusDays(authorized, rng.pick([7, 30, 60, 90, 90, 180, 365, 400]) + rng.next());
  const scopes = isSsh ? [] : [...(isPat ? rng.pick(SCOPE_SETS) : rng.pick(OAUTH_SCOPE_SETS))];
  const note = isPat ? rng.pick(NOTES) : null;
  const title = isSsh
    ? `${person.login}@${rng.pick(['laptop', 'macbook', 'workstation', 'buildbox', 'jumphost'])}`
    : null;
  return {
    login: person.login,
    credential_id: 161_195 + seq * 3,
    credential_type: type,
    ...(isSsh ? {} : { token_last_eight: rng.token(8, '0123456789abcdefABCDEF') }),
    credential_authorized_at: authorized,
    scopes,
    ...(isSsh ? { fingerprint: `SHA256:${rng.token(43, FINGERPRINT_CHARS)}` } : {}),
    credential_accessed_at: accessed,
    authorized_credential_id: 12_345_678 + (seq + 1) * 7,
    authorized_credential_title: title,
    authorized_credential_note: note,
    authorized_credential_expires_at: expires,
  };
}

function labelAuthorization(c: GenContext, raw: GhCredentialAuthorizationData): void {
  const isPat = raw.credential_type === 'personal access token';
  const isSsh = raw.credential_type === 'SSH key';
  const id = identityId(c, 'credential_authorization', raw.credential_id);
  const credType: CredentialType = isSsh ? 'ssh_key' : 'token';
  const kind: IdentityKind = isPat ? 'personal_access_token' : isSsh ? 'api_key' : 'oauth_grant';
  const expires = raw.authorized_credential_expires_at;
  label(c, {
    id,
    tenant: c.orgLogin,
    kind,
    name: `${raw.login}/${raw.authorized_credential_note ?? raw.authorized_credential_title ?? raw.credential_type}`,
    createdAt: raw.credential_authorized_at,
    lastUsedAt: raw.credential_accessed_at,
    usageTracked: true,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [
      {
        id: `${id}#${credType}`,
        type: credType,
        createdAt: raw.credential_authorized_at,
        expiresAt: expires,
        lastUsedAt: raw.credential_accessed_at,
        enabled: true,
        supportsExpiry: isPat,
        fingerprint: raw.fingerprint ?? null,
      },
    ],
    permissions: raw.scopes.map((s) => ({ nativeName: s, ...classicScope(s) })),
    owner: ownerOf(c, raw.login, isPat || isSsh ? 'creator' : 'consenting_user'),
    platformRisks: isPat && expires === null ? ['github-pat-no-expiry'] : [],
  });
}

/** SAML SSO credential authorizations (classic PATs, SSH keys, OAuth app tokens) of current members. */
export function generateCredentialAuthorizations(
  c: GenContext,
  n: Record<NhiType, number>,
): GhCredentialAuthorizationData[] {
  const out: GhCredentialAuthorizationData[] = [];
  for (const [t, type] of CREDENTIAL_TYPES) {
    for (let i = 0; i < n[t]; i++) {
      const raw = authorization(c, type, i, out.length);
      out.push(raw);
      labelAuthorization(c, raw);
    }
  }
  return out;
}
