import { APP_KINDS, type AppKind, SCOPES, VENDORS } from './catalogue.js';
import { type GenContext, epochAgo, identityId, label, ownerOf, slackId } from './context.js';
import { highOf, scopeFacts } from './oracle.js';
import type {
  SlackAppInfoData,
  SlackAuditEntryData,
  SlackBotData,
  SlackIntegrationLogData,
  SlackResolvedAppData,
  SlackScopeData,
  SlackUserData,
} from './types.js';

/** Ids of apps, bots and bot users, unique across the generators. */
export interface Counters {
  app: number;
  bot: number;
}

const pickKind = (c: GenContext): AppKind => c.rng.weighted(APP_KINDS.map((k) => [k, k.weight] as const));

const scope = (name: string, token_type: 'bot' | 'user'): SlackScopeData => ({
  name,
  description: SCOPES[name].description,
  is_sensitive: SCOPES[name].slackSensitive,
  token_type,
});

export const scopesOf = (kind: AppKind): SlackScopeData[] => [
  ...kind.bot.map((s) => scope(s, 'bot')),
  ...kind.user.map((s) => scope(s, 'user')),
];

/** An app's public info: internal apps (built in house) have no directory listing; third-party ones mostly do. */
export function appInfo(c: GenContext, n: Counters, kind: AppKind, internal: boolean): SlackAppInfoData {
  const id = slackId(c.rng, 'A', n.app++);
  const vendor = c.rng.pick(VENDORS);
  const name = internal ? `${c.company.name} ${c.rng.pick(kind.names)}` : c.rng.pick(kind.names);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id,
    name,
    description: `${name} for Slack`,
    app_directory_url: `https://${c.tenant}.enterprise.slack.com/apps/${id}-${slug}`,
    app_homepage_url: internal ? '' : `https://${vendor}.example/${slug}`,
    help_url: internal ? '' : `https://${vendor}.example/help`,
    privacy_policy_url: internal ? '' : `https://${vendor}.example/privacy`,
    is_app_directory_approved: !internal && c.rng.chance(0.7),
    is_internal: internal,
    is_granular_bot_app: kind.bot.length > 0,
    additional_info: '',
    icons: { image_48: `https://a.slack-edge.example/${id}_48.png` },
  };
}

/** Who resolved it: mostly an active admin, some who have since left, a few with no resolver on record. */
function resolver(c: GenContext): SlackUserData | null {
  const roll = c.rng.next();
  const gone = c.admins.filter((u) => u.deleted);
  if (roll < 0.06) return null;
  if (roll < 0.18 && gone.length > 0) return c.rng.pick(gone);
  const active = c.admins.filter((u) => !u.deleted);
  return active.length > 0 ? c.rng.pick(active) : null;
}

function resolvedApp(c: GenContext, n: Counters): SlackResolvedAppData {
  const kind = pickKind(c);
  const info = appInfo(c, n, kind, c.rng.chance(0.3));
  const by = resolver(c);
  return {
    app: info,
    scopes: scopesOf(kind),
    date_updated: epochAgo(c, c.rng.int(1, 900)),
    ...(by ? { last_resolved_by: { actor_id: by.id, actor_type: 'user' as const } } : {}),
  };
}

function labelApp(c: GenContext, entry: SlackResolvedAppData, approved: boolean, installer: string | null): void {
  const { app, scopes } = entry;
  const names = [...new Set(scopes.map((s) => s.name))];
  const thirdParty = !app.is_internal;
  const botAdmin = scopes.some((s) => s.token_type === 'bot' && SCOPES[s.name].access === 'admin');
  const risks: string[] = [];
  if (approved && thirdParty && highOf(names).length > 0) risks.push('slack-third-party-app-sensitive-scopes');
  if (approved && botAdmin) risks.push('slack-bot-token-admin-scopes');
  label(c, {
    id: identityId(c, 'app', app.id),
    tenant: c.tenant,
    kind: 'oauth_app',
    name: app.name,
    createdAt: null,
    lastUsedAt: null,
    usageTracked: false,
    enabled: approved,
    thirdParty,
    publisherVerified: thirdParty ? app.is_app_directory_approved : null,
    interactive: false,
    credentials: [],
    permissions: approved ? names.map(scopeFacts) : [],
    // The Audit Logs API names who installed it: stronger than the admin who approved it.
    owner: installer
      ? ownerOf(c, installer, 'audit_log')
      : ownerOf(c, entry.last_resolved_by?.actor_id ?? null, 'consenting_user'),
    platformRisks: risks,
  });
}

/**
 * Approved apps (with their scopes) and restricted ones (blocked: no scopes held), labelled; most approved apps have
 * an app_installed entry in the audit log (a member installed it, some of whom have since left).
 */
export function generateResolvedApps(c: GenContext, n: Counters, approved: number, restricted: number) {
  const approvedApps = Array.from({ length: approved }, () => resolvedApp(c, n));
  const restrictedApps = Array.from({ length: restricted }, () => resolvedApp(c, n));
  const auditLogs: SlackAuditEntryData[] = [];
  for (const a of approvedApps) {
    const installed = c.rng.chance(0.7) ? auditEntry(c, a, 'app_installed') : null;
    if (installed) auditLogs.push(installed);
    if (a.last_resolved_by && c.rng.chance(0.3)) auditLogs.push(auditEntry(c, a, 'app_approved'));
    labelApp(c, a, true, installed?.actor.user.id ?? null);
  }
  for (const a of restrictedApps) labelApp(c, a, false, null);
  auditLogs.sort((x, y) => y.date_create - x.date_create);
  return { approvedApps, restrictedApps, auditLogs };
}

/** An audit entry about an app: installed by a member (15% one who has since left), or approved by its resolver. */
function auditEntry(
  c: GenContext,
  a: SlackResolvedAppData,
  action: SlackAuditEntryData['action'],
): SlackAuditEntryData {
  const gone = c.company.departed.length > 0 && c.rng.chance(0.15);
  const person =
    action === 'app_approved'
      ? c.personOf.get(String(a.last_resolved_by?.actor_id))!
      : c.rng.pick(gone ? c.company.departed : c.company.active);
  const member = c.userOf.get(person.index)!;
  return {
    id: c.rng.uuid(),
    date_create: a.date_updated - c.rng.int(0, 20) * 86_400 - c.rng.int(0, 86_399),
    action,
    actor: { type: 'user', user: { id: member.id, name: member.name, email: person.email, team: c.team.id } },
    entity: {
      type: 'app',
      app: {
        id: a.app.id,
        name: a.app.name,
        is_distributed: !a.app.is_internal,
        is_directory_approved: a.app.is_app_directory_approved,
        scopes: [...new Set(a.scopes.map((s) => s.name))],
      },
    },
    context: {
      location: { type: 'enterprise', id: c.team.id, name: c.team.name, domain: c.team.domain },
      ua: 'Mozilla/5.0',
      ip_address: `198.51.100.${c.rng.int(1, 254)}`,
    },
  };
}

/** A bot user and its bots.info for every approved app with bot scopes (the app's bot token acts as it). */
export function generateBots(c: GenContext, n: Counters, apps: SlackResolvedAppData[]) {
  const users: SlackUserData[] = [];
  const bots: SlackBotData[] = [];
  for (const { app, scopes, date_updated } of apps) {
    if (!scopes.some((s) => s.token_type === 'bot')) continue;
    const index = n.bot++;
    const userId = slackId(c.rng, 'U', index);
    const botId = slackId(c.rng, 'B', index);
    const handle = app.name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    users.push({
      id: userId,
      team_id: c.team.id,
      name: handle,
      real_name: app.name,
      deleted: false,
      is_bot: true,
      is_app_user: false,
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      updated: date_updated,
      profile: { real_name: app.name, display_name: handle, bot_id: botId, api_app_id: app.id },
    });
    const icon = `https://a.slack-edge.example/${botId}`;
    bots.push({
      id: botId,
      app_id: app.id,
      user_id: userId,
      name: handle,
      deleted: false,
      updated: date_updated,
      icons: { image_36: `${icon}_36.png`, image_48: `${icon}_48.png`, image_72: `${icon}_72.png` },
    });
    label(c, {
      id: identityId(c, 'bot', userId),
      tenant: c.tenant,
      kind: 'bot',
      name: app.name,
      createdAt: null,
      lastUsedAt: null,
      usageTracked: false,
      enabled: true,
      thirdParty: false,
      publisherVerified: null,
      interactive: false,
      credentials: [],
      permissions: [],
      owner: null,
      platformRisks: [],
    });
  }
  return { users, bots };
}

/**
 * The install history team.integrationLogs serves (newest first): each approved app added by whoever resolved it
 * (some added with fewer scopes and expanded later), each restricted app added and then removed.
 */
export function integrationLogs(c: GenContext, approved: SlackResolvedAppData[], restricted: SlackResolvedAppData[]) {
  const active = c.company.active;
  const logs: SlackIntegrationLogData[] = [];
  const entry = (
    a: SlackResolvedAppData,
    change: SlackIntegrationLogData['change_type'],
    at: number,
    scopes: string[],
  ) => {
    const user = a.last_resolved_by
      ? c.userOf.get(c.personOf.get(a.last_resolved_by.actor_id)?.index ?? -1)
      : c.userOf.get(c.rng.pick(active).index);
    logs.push({
      app_id: a.app.id,
      app_type: a.app.name,
      user_id: user?.id ?? '',
      user_name: user?.name ?? '',
      date: String(at),
      change_type: change,
      scope: scopes.join(','),
      ...(change === 'removed' ? { reason: 'restricted by an admin' } : {}),
    });
  };
  for (const a of approved) {
    const names = [...new Set(a.scopes.map((s) => s.name))];
    if (names.length > 1 && c.rng.chance(0.2)) {
      entry(a, 'added', a.date_updated - 86_400 * 30, names.slice(0, 1));
      entry(a, 'expanded', a.date_updated, names);
    } else entry(a, 'added', a.date_updated, names);
  }
  for (const a of restricted) {
    entry(a, 'added', a.date_updated - 86_400 * 10, [...new Set(a.scopes.map((s) => s.name))]);
    entry(a, 'removed', a.date_updated, []);
  }
  return logs.sort((x, y) => Number(y.date) - Number(x.date));
}
