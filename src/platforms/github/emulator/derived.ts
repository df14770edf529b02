import { createHash } from 'node:crypto';
import type { GhHookData, GhRepoData, GhRunnerGroupData, GitHubEstateData } from '../estate/types.js';

/**
 * Vendor objects the emulator serves without the estate storing them: derived deterministically (no rng) from
 * what the estate holds, so every start of the same estate answers the same — runners per runner group, webhook
 * deliveries per hook, audit-log events from the objects' creation dates, the org's secrets public key and SSH
 * public keys of the SSH credentials the estate knows. Nothing here is labelled: the connector does not read it.
 */

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export interface RunnerData {
  id: number;
  runner_group_id: number;
  name: string;
  os: 'linux' | 'windows' | 'macos';
  status: 'online' | 'offline';
  busy: boolean;
  ephemeral: boolean;
  version: string;
  labels: Array<{ id: number; name: string; type: 'read-only' | 'custom' }>;
}

const OS: RunnerData['os'][] = ['linux', 'linux', 'windows', 'macos'];
const OS_LABEL = { linux: 'Linux', windows: 'Windows', macos: 'macOS' } as const;

/** 1–3 runners per group (by group id), named after the group; ids = group id × 1000 + n. */
export function runnersOfGroup(g: GhRunnerGroupData): RunnerData[] {
  const slug = g.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return Array.from({ length: 1 + (g.id % 3) }, (_, k) => {
    const os = OS[(g.id + k) % OS.length];
    const online = (g.id + k) % 4 !== 3;
    return {
      id: g.id * 1000 + k + 1,
      runner_group_id: g.id,
      name: `${slug}-${os}-${k + 1}`,
      os,
      status: online ? 'online' : 'offline',
      busy: online && k % 2 === 0,
      ephemeral: g.id % 5 === 0,
      version: '2.323.0',
      labels: [
        { id: 1, name: 'self-hosted', type: 'read-only' },
        { id: 2, name: OS_LABEL[os], type: 'read-only' },
        { id: 3, name: 'X64', type: 'read-only' },
        ...(k === 0 ? [{ id: 4, name: 'gpu', type: 'custom' as const }] : []),
      ],
    };
  });
}

/** Runners registered in the org's own groups (`inherited: false`) or in the enterprise's (`true`). */
export const runnersOf = (data: GitHubEstateData, inherited: boolean): RunnerData[] =>
  data.runnerGroups.filter((g) => g.inherited === inherited).flatMap(runnersOfGroup);

export interface DeliveryData {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: null;
}

const uuidOf = (text: string): string => {
  const h = digest(text).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The recent deliveries of one webhook, newest first: none for a repository hook GitHub reports as `unused`, else
 * 1–3, an hour apart ending at the hook's `updated_at`; the newest carries the hook's `last_response` code.
 */
export function deliveriesOf(h: GhHookData, repo: GhRepoData | null): DeliveryData[] {
  if (h.last_response?.status === 'unused') return [];
  const count = 1 + (h.id % 3);
  const events = h.events.filter((e) => e !== '*');
  const newest = Date.parse(h.updated_at);
  const oldest = Date.parse(h.created_at);
  return Array.from({ length: count }, (_, i) => {
    const code = i === 0 ? (h.last_response?.code ?? 200) : 200;
    const event = events.length ? events[i % events.length] : 'push';
    return {
      id: h.id * 100 + i + 1,
      guid: uuidOf(`delivery:${h.id}:${i}`),
      delivered_at: isoSeconds(Math.max(oldest, newest - i * 3_600_000)),
      redelivery: false,
      duration: Math.round(((h.id + i) % 90) * 10 + 40) / 1000,
      status: code >= 200 && code < 300 ? 'OK' : `Invalid HTTP Response: ${code}`,
      status_code: code,
      event,
      action: event === 'push' ? null : 'created',
      installation_id: null,
      repository_id: repo?.id ?? null,
      throttled_at: null,
    };
  });
}

/** The org's libsodium public key for encrypting Actions secrets (32 bytes, base64), stable per org. */
export function orgPublicKey(data: GitHubEstateData): { key_id: string; key: string } {
  const h = digest(`org-public-key:${data.org.login}`);
  return { key_id: String(h.readBigUInt64BE(0) % 10n ** 18n).padStart(18, '1'), key: h.toString('base64') };
}

/** An OpenSSH ed25519 public key line for a credential id (the estate keeps only fingerprints). */
export function sshPublicKey(credentialId: number): string {
  const type = Buffer.from('ssh-ed25519');
  const len = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const blob = Buffer.concat([len(type.length), type, len(32), digest(`ssh-key:${credentialId}`)]);
  return `ssh-ed25519 ${blob.toString('base64')}`;
}

/**
 * The repositories a fine-grained PAT grant or request reaches: all of them, none, or for `subset` 1–3
 * consecutive repositories chosen by its id (the estate does not store the subset).
 */
export function patRepositories(
  data: GitHubEstateData,
  id: number,
  selection: 'none' | 'all' | 'subset',
): GhRepoData[] {
  if (selection === 'all') return data.repos;
  if (selection === 'none' || data.repos.length === 0) return [];
  const start = id % data.repos.length;
  return Array.from(
    { length: Math.min(data.repos.length, 1 + (id % 3)) },
    (_, k) => data.repos[(start + k) % data.repos.length],
  );
}
