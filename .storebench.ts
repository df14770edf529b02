import type { Credential, Permission } from './src/model/index.js';
import type { IdentityView } from './src/store/index.js';
import { Random } from './src/estate/random.js';
import { openStore, writeIdentities } from './src/store/index.js';
import { runRiskAnalysis } from './src/engine/risk/index.js';
import { StewardConfig } from './src/config/schema.js';
import { fixedClock } from './src/lib/clock.js';
const DAY = 86_400_000;
function syntheticView(rng: Random, n: number, now: number): IdentityView {
  const platform = rng.weighted([['github', 4], ['entra', 3], ['aws', 3]] as const);
  const tenant = platform === 'aws' ? '111122223333' : 'acme';
  const iso = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const kind = platform === 'github'
    ? rng.weighted([['oauth_app', 2], ['deploy_key', 2], ['secret', 3], ['personal_access_token', 2], ['webhook', 1]] as const)
    : platform === 'entra' ? rng.weighted([['oauth_app', 5], ['workload_identity', 1]] as const)
    : rng.weighted([['service_account', 5], ['workload_identity', 4]] as const);
  const nativeType = platform === 'aws' ? (kind === 'service_account' ? (n % 50_000 === 0 ? 'root' : 'user') : 'role') : kind;
  const credentials: Credential[] = [];
  for (let c = rng.int(0, 3); c > 0; c--) {
    const created = rng.ageDays();
    const type = platform === 'aws' ? 'access_key' : platform === 'entra' ? rng.pick(['client_secret', 'certificate', 'federated'] as const) : 'token';
    credentials.push({
      id: `${n}-c${c}`, type, name: null, createdAt: iso(created),
      expiresAt: rng.chance(0.4) ? iso(created - rng.int(30, 800)) : null,
      lastUsedAt: rng.chance(0.6) ? iso(rng.int(0, created)) : null, lastUsedSource: 'credential report',
      fingerprint: rng.chance(0.002) ? `shared-${rng.int(0, 500)}` : `fp-${n}-${c}`, enabled: rng.chance(0.9),
      attributes: platform === 'entra' ? { supportsExpiry: true, on: rng.chance(0.05) ? 'servicePrincipal' : 'application' } : {},
    });
  }
  const permissions: Permission[] = [];
  for (let p = rng.int(0, 6); p > 0; p--) {
    const access = rng.weighted([['read', 6], ['write', 3], ['admin', 1]] as const);
    permissions.push({
      nativeName: platform === 'entra' ? rng.pick(['User.Read.All', 'Mail.ReadWrite', 'Directory.ReadWrite.All', 'full_access_as_app', 'Sites.Read.All'])
        : platform === 'aws' ? rng.pick(['arn:aws:iam::aws:policy/AdministratorAccess', 'iam:PassRole', 's3:GetObject', 'ec2:*', 'iam:CreateAccessKey'])
        : rng.pick(['contents', 'secrets', 'workflows', 'administration', 'metadata', 'issues']),
      resource: rng.chance(0.5) ? '*' : `res-${rng.int(0, 1000)}`, access, sensitivity: rng.pick(['low', 'medium', 'high'] as const),
      pathToAdmin: rng.chance(0.03), source: 'synthetic', lastUsedAt: null, attributes: rng.chance(0.05) ? { tenantWide: true } : {},
    });
  }
  const created = rng.ageDays();
  const used = rng.chance(0.7) ? rng.int(0, created) : null;
  const attributes: Record<string, unknown> = {};
  if (kind === 'oauth_app' && platform === 'github') attributes.repositorySelection = rng.chance(0.4) ? 'all' : 'selected';
  if (kind === 'deploy_key') attributes.readOnly = rng.chance(0.7);
  if (kind === 'secret') attributes.updatedAt = iso(rng.ageDays());
  if (kind === 'webhook') { attributes.url = rng.chance(0.1) ? 'http://hooks.test/x' : 'https://hooks.test/x'; attributes.insecureSsl = rng.chance(0.1) ? '1' : '0'; }
  if (nativeType === 'role') {
    attributes.trustPolicy = { Version: '2012-10-17', Statement: [rng.chance(0.5)
      ? { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Condition: rng.chance(0.8) ? { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } } : {} }
      : { Effect: 'Allow', Principal: { AWS: rng.chance(0.5) ? 'arn:aws:iam::999988887777:root' : 'arn:aws:iam::111122223333:root' } }] };
  }
  if (rng.chance(0.01)) attributes.humanUseEvidence = 'console sign-in';
  const owned = rng.chance(0.6);
  return {
    id: `${platform}:${tenant}:${nativeType}:${n}`, platform, tenant, kind, nativeType, nativeId: String(n), name: `nhi-${n}`,
    createdAt: iso(created), createdBy: null, lastUsedAt: used === null ? null : iso(used), lastUsedSource: rng.chance(0.8) ? 'sign-in activity' : null,
    enabled: rng.chance(0.95), publisher: rng.chance(0.3) ? { name: 'Vendor', verified: rng.chance(0.7), domain: null } : null,
    thirdParty: rng.chance(0.3), interactive: rng.chance(0.02), environment: rng.pick(['prod', 'staging', null]), attributes,
    credentials, permissions,
    ownerClaims: owned ? [{ ref: `p${n % 5000}@acme.test`, refType: 'email', source: rng.pick(['creator', 'explicit_owner'] as const), confidence: 0.9, evidence: 'synthetic' }] : [],
    owner: owned ? { personId: `hr:acme:person:${n % 5000}`, email: `p${n % 5000}@acme.test`, team: null, source: 'creator', confidence: 0.9, status: rng.chance(0.14) ? 'departed' : 'active' } : null,
    firstSeen: iso(1), lastSeen: iso(0),
  };
}
const N = Number(process.argv[2] ?? 100000);
const now = new Date('2026-11-01T00:00:00Z');
const rng = new Random(7);
const store = await openStore(`/tmp/storebench-${Date.now()}.db`);
for (let s = 0; s < N; s += 5000) {
  const batch = [];
  for (let n = s; n < Math.min(N, s + 5000); n++) { const { owner: _o, firstSeen: _f, lastSeen: _l, ...i } = syntheticView(rng, n, now.getTime()); batch.push(i); }
  await writeIdentities(store, batch as never, 'run-1', now.toISOString());
}
for (let r = 0; r < 2; r++) {
  const t = performance.now(); const cpu0 = process.cpuUsage();
  const res = await runRiskAnalysis(store, { config: StewardConfig.parse({}), clock: fixedClock(new Date(now.getTime() + r * DAY)) });
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ run: r, identities: res.identities, seconds: (performance.now() - t) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, findings: res.findings }));
}
await store.close();
