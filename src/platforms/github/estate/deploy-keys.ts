import type { Random } from '../../../emulation/estate/random.js';
import { deployKeyPermission } from './catalogue.js';
import { type GenContext, identityId, label, ownerOf, pickAnyone, pickRepo } from './context.js';
import { KEY_TITLES } from './names.js';
import type { GhDeployKeyData } from './types.js';

/** A public key line with a real OpenSSH ed25519 blob: string "ssh-ed25519" + string(32-byte key). */
function ed25519Key(rng: Random): string {
  const header = [0, 0, 0, 11, ...Buffer.from('ssh-ed25519'), 0, 0, 0, 32];
  const key = Array.from({ length: 32 }, () => rng.int(0, 255));
  return `ssh-ed25519 ${Buffer.from([...header, ...key]).toString('base64')}`;
}

/** Deploy key `i` (the first is planted writable). */
function deployKey(c: GenContext, i: number): GhDeployKeyData {
  const { rng, now } = c;
  const createdAgo = rng.ageDays(2600) - rng.next();
  const created = rng.daysAgo(now, createdAgo);
  const readOnly = i === 0 ? false : rng.chance(0.68);
  const adder = rng.chance(0.82) ? pickAnyone(c) : null;
  const lastUsed = rng.chance(0.3)
    ? null
    : rng.daysAgo(now, rng.chance(0.5) ? rng.next() * Math.min(createdAgo, 14) : rng.next() * createdAgo);
  const enabled = rng.chance(0.96);
  const title = `${rng.pick(KEY_TITLES)}${rng.chance(0.3) ? `-${rng.int(1, 9)}` : ''}`;
  return {
    id: 77_000_000 + i * 7,
    key: ed25519Key(rng),
    title,
    verified: rng.chance(0.97),
    created_at: created,
    read_only: readOnly,
    added_by: adder?.login ?? null,
    last_used: lastUsed,
    enabled,
  };
}

function labelDeployKey(c: GenContext, k: GhDeployKeyData): void {
  const id = identityId(c, 'deploy_key', k.id);
  const { nativeName, access, sensitivity, pathToAdmin } = deployKeyPermission(k.read_only);
  label(c, {
    id,
    tenant: c.orgLogin,
    kind: 'deploy_key',
    name: k.title,
    createdAt: k.created_at,
    lastUsedAt: k.last_used,
    usageTracked: true,
    enabled: k.enabled,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [
      {
        id: `${id}#ssh_key`,
        type: 'ssh_key',
        createdAt: k.created_at,
        expiresAt: null,
        lastUsedAt: k.last_used,
        enabled: k.enabled,
        supportsExpiry: false,
        fingerprint: null,
      },
    ],
    permissions: [{ nativeName, access, sensitivity, pathToAdmin }],
    owner: ownerOf(c, k.added_by, 'creator'),
    platformRisks: k.read_only ? [] : ['github-deploy-key-write'],
  });
}

/** Deploy keys, added to their repositories. */
export function generateDeployKeys(c: GenContext, count: number): void {
  for (let i = 0; i < count; i++) {
    const repo = pickRepo(c);
    const k = deployKey(c, i);
    repo.keys.push(k);
    labelDeployKey(c, k);
  }
}
