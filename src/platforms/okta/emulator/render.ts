import { createHash } from 'node:crypto';
import type {
  OktaApiServiceData,
  OktaApiTokenData,
  OktaAppData,
  OktaAppKeyData,
  OktaGrantData,
  OktaJwkData,
  OktaLogEventData,
  OktaRoleData,
  OktaSecretData,
  OktaUserData,
} from '../estate/types.js';

/**
 * The wire format: estate objects → Okta's JSON, field names and link relations as the Management API sends them,
 * links absolute on the emulator's base URL. Timestamps in Okta's form (milliseconds, Z).
 */
const ts = (iso: string | null): string | null => (iso ? new Date(iso).toISOString() : null);
/** An Okta expression-language placeholder, `${expr}` literally. */
const el = (expr: string): string => `${'$'}{${expr}}`;
const href = (href: string, allow?: string[]) => (allow ? { href, hints: { allow } } : { href });

/** A stable, synthetic RSA modulus for a key id (base64url, 2048 bits). */
function modulus(seed: string): string {
  const parts: Buffer[] = [];
  for (let i = 0; parts.length * 32 < 256; i++) parts.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(parts).subarray(0, 256).toString('base64url');
}

/** A client secret as Okta lists it: the first 12 and last 22 characters of a (synthetic) 40-character secret. */
function masked(id: string): string {
  const secret = createHash('sha256').update(`secret:${id}`).digest('base64url');
  return `${secret.slice(0, 12)}......${secret.slice(-22)}`;
}

export class Renderer {
  constructor(private readonly base: () => string) {}
  private url(path: string): string {
    return `${this.base()}${path}`;
  }

  app(a: OktaAppData): Record<string, unknown> {
    const self = this.url(`/api/v1/apps/${a.id}`);
    return {
      id: a.id,
      orn: `orn:okta:idp:00o${a.id.slice(3, 20)}:apps:${a.name}:${a.id}`,
      name: a.name,
      label: a.label,
      status: a.status,
      created: ts(a.created),
      lastUpdated: ts(a.lastUpdated),
      accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
      visibility: {
        autoSubmitToolbar: false,
        hide: { iOS: a.oauthClient !== null, web: a.oauthClient !== null },
        appLinks: {},
      },
      features: [],
      signOnMode: a.signOnMode,
      credentials: this.appCredentials(a),
      settings: this.appSettings(a),
      _links: {
        self: href(self),
        users: href(`${self}/users`),
        groups: href(`${self}/groups`),
        ...(a.status === 'ACTIVE'
          ? { deactivate: href(`${self}/lifecycle/deactivate`) }
          : { activate: href(`${self}/lifecycle/activate`) }),
        ...(a.signOnMode === 'SAML_2_0'
          ? { metadata: { href: `${self}/sso/saml/metadata`, type: 'application/xml' } }
          : {}),
      },
    };
  }

  private appCredentials(a: OktaAppData): Record<string, unknown> {
    const base = { userNameTemplate: { template: el('source.login'), type: 'BUILT_IN' }, signing: {} };
    if (a.signOnMode === 'SAML_2_0') return { ...base, signing: { kid: a.keys[0]?.kid } };
    if (!a.oauthClient) return base;
    return {
      ...base,
      oauthClient: {
        client_id: a.id,
        autoKeyRotation: a.oauthClient.autoKeyRotation,
        token_endpoint_auth_method: a.oauthClient.tokenEndpointAuthMethod,
        pkce_required: a.oauthClient.pkceRequired,
      },
    };
  }

  private appSettings(a: OktaAppData): Record<string, unknown> {
    const common = {
      app: {},
      notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
    };
    if (a.signOnMode === 'SAML_2_0')
      return {
        ...common,
        signOn: {
          ssoAcsUrl: a.url,
          audience: a.url,
          recipient: a.url,
          destination: a.url,
          subjectNameIdTemplate: el('user.userName'),
          subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          responseSigned: true,
          assertionSigned: true,
          signatureAlgorithm: 'RSA_SHA256',
          digestAlgorithm: 'SHA256',
          honorForceAuthn: true,
          authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
        },
      };
    if (a.signOnMode === 'BOOKMARK') return { ...common, app: { url: a.url, requestIntegration: false } };
    if (a.signOnMode === 'AUTO_LOGIN') return { ...common, signOn: { loginUrl: a.url, redirectUrl: null } };
    const c = a.oauthClient!;
    return {
      ...common,
      oauthClient: {
        application_type: c.applicationType,
        grant_types: c.grantTypes,
        response_types: c.responseTypes,
        redirect_uris: c.redirectUris,
        post_logout_redirect_uris: [],
        consent_method: 'TRUSTED',
        issuer_mode: 'DYNAMIC',
        wildcard_redirect: 'DISABLED',
      },
    };
  }

  secret(path: string, x: OktaSecretData): Record<string, unknown> {
    const self = this.url(`${path}/${x.id}`);
    return {
      id: x.id,
      status: x.status,
      client_secret: x.masked ?? masked(x.id),
      secret_hash: createHash('sha256').update(`hash:${x.id}`).digest('base64url').slice(0, 22),
      created: ts(x.created),
      lastUpdated: ts(x.lastUpdated ?? x.created),
      _links:
        x.status === 'ACTIVE'
          ? { deactivate: href(`${self}/lifecycle/deactivate`, ['POST']) }
          : { activate: href(`${self}/lifecycle/activate`, ['POST']), delete: href(self, ['DELETE']) },
    };
  }

  jwk(appId: string, k: OktaJwkData): Record<string, unknown> {
    const self = this.url(`/api/v1/apps/${appId}/credentials/jwks/${k.id}`);
    return {
      id: k.id,
      ...(k.kid ? { kid: k.kid } : {}),
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      e: 'AQAB',
      n: modulus(k.id),
      status: k.status,
      created: ts(k.created),
      lastUpdated: ts(k.created),
      _links:
        k.status === 'ACTIVE'
          ? { deactivate: href(`${self}/lifecycle/deactivate`, ['POST']) }
          : { activate: href(`${self}/lifecycle/activate`, ['POST']), delete: href(self, ['DELETE']) },
    };
  }

  appKey(k: OktaAppKeyData): Record<string, unknown> {
    const n = modulus(k.kid);
    return {
      created: ts(k.created),
      lastUpdated: ts(k.lastUpdated),
      expiresAt: ts(k.expiresAt),
      x5c: [Buffer.from(`synthetic certificate ${k.kid} ${n}`).toString('base64')],
      e: 'AQAB',
      n,
      kid: k.kid,
      kty: 'RSA',
      use: 'sig',
      'x5t#S256': createHash('sha256').update(k.kid).digest('base64url'),
    };
  }

  grant(app: OktaAppData, g: OktaGrantData): Record<string, unknown> {
    const appUrl = this.url(`/api/v1/apps/${app.id}`);
    return {
      id: g.id,
      status: g.status,
      created: ts(g.created),
      createdBy: { id: g.createdBy, type: 'User' },
      lastUpdated: ts(g.created),
      issuer: this.base(),
      clientId: app.id,
      userId: null,
      scopeId: g.scopeId,
      source: 'ADMIN',
      _embedded: { scope: { id: g.scopeId } },
      _links: {
        app: { href: appUrl, title: app.label },
        self: href(`${appUrl}/grants/${g.id}`, ['GET', 'DELETE']),
        client: { href: this.url(`/oauth2/v1/clients/${app.id}`), title: app.label },
      },
    };
  }

  role(r: OktaRoleData, assignee: { kind: 'CLIENT' | 'USER'; id: string }): Record<string, unknown> {
    const assigneeUrl =
      assignee.kind === 'CLIENT'
        ? this.url(`/oauth2/v1/clients/${assignee.id}`)
        : this.url(`/api/v1/users/${assignee.id}`);
    return {
      id: r.id,
      label: r.label,
      type: r.type,
      status: r.status,
      created: ts(r.created),
      lastUpdated: ts(r.lastUpdated),
      assignmentType: assignee.kind,
      _links: { assignee: { href: assigneeUrl } },
    };
  }

  apiToken(t: OktaApiTokenData): Record<string, unknown> {
    return {
      id: t.id,
      name: t.name,
      userId: t.userId,
      clientName: t.clientName,
      tokenWindow: t.tokenWindow,
      network: t.network,
      created: ts(t.created),
      lastUpdated: ts(t.lastUpdated),
      expiresAt: ts(t.expiresAt),
      _links: {
        self: href(this.url(`/api/v1/api-tokens/${t.id}`), ['GET', 'DELETE']),
        user: href(this.url(`/api/v1/users/${t.userId}`), ['GET']),
      },
    };
  }

  user(u: OktaUserData): Record<string, unknown> {
    return {
      id: u.id,
      status: u.status,
      created: ts(u.created),
      activated: ts(u.activated),
      statusChanged: ts(u.statusChanged),
      lastLogin: ts(u.lastLogin),
      lastUpdated: ts(u.lastUpdated),
      passwordChanged: ts(u.created),
      type: { id: 'otyfnjfba4ye7pgjB0g4' },
      profile: { ...u.profile, mobilePhone: null, secondEmail: null },
      credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
      _links: { self: { href: this.url(`/api/v1/users/${u.id}`) } },
    };
  }

  apiService(x: OktaApiServiceData): Record<string, unknown> {
    return {
      id: x.id,
      type: x.type,
      name: x.name,
      createdAt: ts(x.createdAt),
      createdBy: x.createdBy,
      configGuideUrl: `https://docs.example.com/${x.type}/configuration-guide`,
      grantedScopes: x.grantedScopes,
      _links: {
        self: href(this.url(`/integrations/api/v1/api-services/${x.id}`), ['GET', 'DELETE']),
        client: href(this.url(`/oauth2/v1/clients/${x.id}`), ['GET']),
        logo: { name: 'small', href: `https://logos.example.com/${x.type}_small_logo` },
      },
    };
  }

  logEvent(e: OktaLogEventData): Record<string, unknown> {
    return {
      uuid: e.uuid,
      published: ts(e.published),
      eventType: e.eventType,
      version: '0',
      severity: 'INFO',
      legacyEventType: null,
      displayMessage: e.displayMessage,
      actor: { ...e.actor, detailEntry: null },
      client: {
        userAgent: {
          rawUserAgent: e.apiTokenId ? 'okta-sdk-nodejs/7.1.0' : 'Okta-Integrations',
          os: 'Unknown',
          browser: 'UNKNOWN',
        },
        zone: 'null',
        device: 'Unknown',
        id: e.clientId,
        ipAddress: e.ipAddress,
        geographicalContext: null,
      },
      authenticationContext: { authenticationStep: 0, externalSessionId: e.apiTokenId ? 'trs' : 'unknown' },
      outcome: { result: 'SUCCESS', reason: null },
      securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: false },
      debugContext: { debugData: this.debugData(e) },
      transaction: {
        type: e.apiTokenId ? 'WEB' : 'JOB',
        id: e.uuid.replace(/-/g, '').slice(0, 24),
        detail: e.apiTokenId ? { requestApiTokenId: e.apiTokenId } : {},
      },
      request: { ipChain: [{ ip: e.ipAddress, version: 'V4', source: null, geographicalContext: null }] },
      target: e.target.map((t) => ({ ...t, detailEntry: null })),
    };
  }

  private debugData(e: OktaLogEventData): Record<string, unknown> {
    const data: Record<string, unknown> = { requestId: e.uuid.replace(/-/g, '').slice(0, 27) };
    if (e.grantType) {
      data.grantType = e.grantType;
      data.requestUri = e.eventType.includes('.as.') ? '/oauth2/default/v1/token' : '/oauth2/v1/token';
    } else data.requestUri = '/api/v1/users';
    return data;
  }
}
