import type { CredentialFacts } from './oracle.js';
import { webhookEvent } from './catalogue.js';
import { between, daysSince, type GenContext, identityId, label, pickRepo } from './context.js';
import { HOOK_EVENT_SETS, HOOK_HOSTS } from './names.js';
import type { GhHookData, GhRepoData } from './types.js';

/** The receiver URL as a correct connector stores it: no userinfo/query/fragment, long path segments masked. */
function safeUrl(raw: string): string {
  const u = new URL(raw);
  const path =
    u.pathname === '/'
      ? ''
      : u.pathname
          .split('/')
          .map((s) => (s.length >= 16 ? '****' : s))
          .join('/');
  return `${u.protocol}//${u.host}${path}`;
}

/** Webhook number `seq` (org and repo hooks share one id sequence). `forceInsecure` plants an http:// receiver. */
function hook(c: GenContext, seq: number, forceInsecure: boolean, inRepo: boolean): GhHookData {
  const { rng, now } = c;
  const host = rng.pick(HOOK_HOSTS);
  const insecureScheme = forceInsecure || rng.chance(0.07);
  const insecureSsl = !insecureScheme && rng.chance(0.05);
  // Every candidate path is drawn before the pick (the Slack-style one draws three tokens).
  const path = rng.pick([
    '/github',
    '/hooks/github',
    `/github/${c.orgLogin}`,
    '/webhook',
    `/services/T0${rng.token(6).toUpperCase()}/B0${rng.token(6).toUpperCase()}/${rng.token(24)}`,
  ]);
  const created = rng.daysAgo(now, rng.ageDays(2600) - rng.next());
  const active = rng.chance(0.88);
  const out: GhHookData = {
    id: 400_000_000 + seq * 11,
    name: 'web',
    active,
    events: [...rng.pick(HOOK_EVENT_SETS)],
    config: {
      url: `${insecureScheme ? 'http' : 'https'}://${host}${path}${rng.chance(0.2) ? `?token=${rng.token(20)}` : ''}`,
      content_type: rng.chance(0.8) ? 'json' : 'form',
      insecure_ssl: insecureSsl ? '1' : '0',
      ...(rng.chance(0.75) ? { secret: '********' as const } : {}),
    },
    created_at: created,
    updated_at: between(c, daysSince(created, now), 0),
  };
  if (inRepo) {
    out.last_response =
      !active || rng.chance(0.15)
        ? { code: null, status: 'unused', message: null }
        : rng.chance(0.85)
          ? { code: 200, status: 'active', message: 'OK' }
          : { code: 502, status: 'failed', message: 'Invalid HTTP Response: 502' };
  }
  return out;
}

function labelHook(c: GenContext, h: GhHookData, nativeType: 'org_hook' | 'repo_hook'): void {
  const id = identityId(c, nativeType, h.id);
  const insecure = h.config.url.startsWith('http://') || h.config.insecure_ssl === '1';
  const credentials: CredentialFacts[] = h.config.secret
    ? [
        {
          id: `${id}#webhook_secret`,
          type: 'webhook_secret',
          createdAt: null,
          expiresAt: null,
          lastUsedAt: null,
          enabled: h.active,
          supportsExpiry: false,
          fingerprint: null,
        },
      ]
    : [];
  label(c, {
    id,
    tenant: c.orgLogin,
    kind: 'webhook',
    name: safeUrl(h.config.url),
    createdAt: h.created_at,
    lastUsedAt: null,
    usageTracked: false,
    enabled: h.active,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials,
    permissions: h.events.map((e) => ({ nativeName: `event:${e}`, ...webhookEvent(e) })),
    owner: null,
    platformRisks: insecure ? ['github-webhook-insecure'] : [],
  });
}

/** Org webhooks (the first planted over http://), then repository webhooks added to their repositories. */
export function generateHooks(c: GenContext, orgCount: number, repoCount: number): GhHookData[] {
  const orgHooks: GhHookData[] = [];
  for (let i = 0; i < orgCount; i++) {
    const h = hook(c, i, i === 0, false);
    labelHook(c, h, 'org_hook');
    orgHooks.push(h);
  }
  for (let i = 0; i < repoCount; i++) {
    const repo: GhRepoData = pickRepo(c);
    const h = hook(c, orgCount + i, false, true);
    labelHook(c, h, 'repo_hook');
    repo.hooks.push(h);
  }
  return orgHooks;
}
