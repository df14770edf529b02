import { createHash } from 'node:crypto';
import type { GitHubEstateData } from '../estate/types.js';

/** One event of GitHub's `audit-log-event` shape (times in epoch milliseconds, as GitHub sends them). */
export interface AuditEvent {
  '@timestamp': number;
  created_at: number;
  _document_id: string;
  action: string;
  operation_type: 'create';
  actor?: string;
  user?: string;
  org: string;
  org_id: number;
  repo?: string;
  hook_id?: number;
  read_only?: boolean;
  name?: string;
}

const documentId = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 22);

type Draft = Omit<AuditEvent, '@timestamp' | 'created_at' | '_document_id' | 'org' | 'org_id' | 'operation_type'> & {
  at: string;
  key: string;
};

/** Creation events of the NHIs the estate holds, with the actor only where the estate names one. */
function drafts(data: GitHubEstateData): Draft[] {
  const org = data.org.login;
  const out: Draft[] = [];
  for (const i of data.installations)
    out.push({ at: i.created_at, key: `inst:${i.id}`, action: 'integration_installation.create', name: i.app_slug });
  for (const g of data.patGrants)
    out.push({
      at: g.access_granted_at,
      key: `pat:${g.id}`,
      action: 'personal_access_token.access_granted',
      actor: g.owner.login,
      user: g.owner.login,
    });
  for (const r of data.patRequests)
    out.push({
      at: r.created_at,
      key: `patreq:${r.id}`,
      action: 'personal_access_token.request_created',
      actor: r.owner.login,
      user: r.owner.login,
    });
  for (const h of data.orgHooks)
    out.push({ at: h.created_at, key: `hook:${h.id}`, action: 'hook.create', hook_id: h.id });
  for (const repo of data.repos) {
    const full = `${org}/${repo.name}`;
    for (const h of repo.hooks)
      out.push({
        at: h.created_at,
        key: `hook:${h.id}`,
        action: 'hook.create',
        hook_id: h.id,
        repo: full,
      });
    for (const k of repo.keys)
      out.push({
        at: k.created_at,
        key: `key:${k.id}`,
        action: 'public_key.create',
        repo: full,
        read_only: k.read_only,
        ...(k.added_by ? { actor: k.added_by } : {}),
      });
  }
  return out;
}

const cache = new WeakMap<GitHubEstateData, AuditEvent[]>();

/** The org's audit log, newest first (GitHub's default order), computed once per estate. */
export function auditLog(data: GitHubEstateData): AuditEvent[] {
  const hit = cache.get(data);
  if (hit) return hit;
  const events = drafts(data)
    .map(({ at, key, ...rest }) => {
      const ms = Date.parse(at);
      return {
        '@timestamp': ms,
        created_at: ms,
        _document_id: documentId(`${data.org.login}:${key}`),
        operation_type: 'create' as const,
        org: data.org.login,
        org_id: data.org.id,
        ...rest,
      };
    })
    .sort((a, b) => b.created_at - a.created_at || a._document_id.localeCompare(b._document_id));
  cache.set(data, events);
  return events;
}
