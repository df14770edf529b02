/**
 * Rule-pack benchmark, two modes:
 *
 *   npx tsx bench/rules.ts [--size 1000000] [--seed 7]
 *       builds N synthetic identity views in memory (three platforms, realistic mixes of credentials, permissions,
 *       owners, trust policies) and times the whole built-in pack over them (pre-passes included), via the risk
 *       engine's in-memory evaluation. Writes bench/results/rules-<N>.json (rules-1m.json for a million) with the
 *       machine's facts. Target: 1,000,000 identities in ≤ 15 s.
 *
 *   tsx bench/rules.ts <store>
 *       (used by bench/run.ts) the pack over every identity of a scanned store: loads the views first (not timed),
 *       then times the in-memory evaluation. Prints one JSON line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform as osPlatform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Credential, Permission } from '../src/model/index.js';
import { Random } from '../src/emulation/estate/random.js';
import { iterateIdentityViews, openStore, type IdentityView } from '../src/store/index.js';
import type { Rule, RuleHit } from '../src/analysis/risk/index.js';
import { BUILTIN_RULES } from '../src/platforms/registry.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DAY = 86_400_000;

async function storeMode(location: string): Promise<void> {
  const risk = (await import('../src/analysis/risk/index.js').catch(() => null)) as null | {
    countViewHits?: (views: readonly IdentityView[], options: { now: Date; rules: Rule[] }) => Map<string, number>;
  };
  if (!risk?.countViewHits) {
    process.stdout.write(
      `${JSON.stringify({ skipped: 'src/engine/risk exports no in-memory evaluation (countViewHits)' })}\n`,
    );
    return;
  }
  const store = await openStore(location, { migrate: false });
  const views: IdentityView[] = [];
  const loadStarted = performance.now();
  try {
    for await (const batch of iterateIdentityViews(store, {}, 5000)) for (const v of batch) views.push(v);
  } finally {
    await store.close();
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const now = new Date(process.env.STEWARD_NOW ?? Date.now());
  // One warm-up pass over a slice (JIT), then the timed pass over everything.
  const rules = BUILTIN_RULES;
  risk.countViewHits(views.slice(0, Math.min(views.length, 20_000)), { now, rules });
  const started = performance.now();
  const counts = risk.countViewHits(views, { now, rules });
  const seconds = (performance.now() - started) / 1000;
  const hits = [...counts.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${JSON.stringify({
      identities: views.length,
      seconds,
      loadSeconds,
      hits,
      rules: counts.size,
      heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    })}\n`,
  );
}

const GITHUB_NATIVE_TYPES: Record<string, string> = {
  oauth_app: 'installation',
  deploy_key: 'deploy_key',
  secret: 'repo_secret',
  personal_access_token: 'pat_grant',
  webhook: 'repo_hook',
};

/** One synthetic view: plain objects shaped like the store's, with every field a rule reads. */
function syntheticView(rng: Random, n: number, now: number): IdentityView {
  const platform = rng.weighted([
    ['github', 4],
    ['entra', 3],
    ['aws', 3],
  ] as const);
  const tenant = platform === 'aws' ? '111122223333' : 'acme';
  const iso = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const kind =
    platform === 'github'
      ? rng.weighted([
          ['oauth_app', 2],
          ['deploy_key', 2],
          ['secret', 3],
          ['personal_access_token', 2],
          ['webhook', 1],
        ] as const)
      : platform === 'entra'
        ? rng.weighted([
            ['oauth_app', 5],
            ['workload_identity', 1],
          ] as const)
        : rng.weighted([
            ['service_account', 5],
            ['workload_identity', 4],
          ] as const);
  // The nativeTypes the connectors emit (src/platforms/<id>/facts.ts), so the typed platform rules see them.
  const nativeType =
    platform === 'aws'
      ? kind === 'service_account'
        ? n % 50_000 === 0
          ? 'root'
          : 'user'
        : 'role'
      : platform === 'entra'
        ? kind === 'oauth_app'
          ? 'servicePrincipal'
          : 'application'
        : GITHUB_NATIVE_TYPES[kind];
  const credentials: Credential[] = [];
  for (let c = rng.int(0, 3); c > 0; c--) {
    const created = rng.ageDays();
    const type =
      platform === 'aws'
        ? 'access_key'
        : platform === 'entra'
          ? rng.pick(['client_secret', 'certificate', 'federated'] as const)
          : 'token';
    credentials.push({
      id: `${n}-c${c}`,
      type,
      name: null,
      createdAt: iso(created),
      expiresAt: rng.chance(0.4) ? iso(created - rng.int(30, 800)) : null,
      lastUsedAt: rng.chance(0.6) ? iso(rng.int(0, created)) : null,
      lastUsedSource: 'credential report',
      fingerprint: rng.chance(0.002) ? `shared-${rng.int(0, 500)}` : `fp-${n}-${c}`,
      enabled: rng.chance(0.9),
      attributes:
        platform === 'entra'
          ? { supportsExpiry: true, setOn: rng.chance(0.05) ? 'servicePrincipal' : 'application' }
          : {},
    });
  }
  const permissions: Permission[] = [];
  for (let p = rng.int(0, 6); p > 0; p--) {
    const access = rng.weighted([
      ['read', 6],
      ['write', 3],
      ['admin', 1],
    ] as const);
    const nativeName =
      platform === 'entra'
        ? rng.pick([
            'User.Read.All',
            'Mail.ReadWrite',
            'Directory.ReadWrite.All',
            'full_access_as_app',
            'Sites.Read.All',
          ])
        : platform === 'aws'
          ? rng.pick([
              'arn:aws:iam::aws:policy/AdministratorAccess',
              'iam:PassRole',
              's3:GetObject',
              'ec2:*',
              'iam:CreateAccessKey',
            ])
          : rng.pick(['contents', 'secrets', 'workflows', 'administration', 'metadata', 'issues']);
    const tenantWide = rng.chance(0.05);
    permissions.push({
      nativeName,
      resource: rng.chance(0.5) ? '*' : `res-${rng.int(0, 1000)}`,
      access,
      sensitivity: rng.pick(['low', 'medium', 'high'] as const),
      pathToAdmin: rng.chance(0.03),
      source: 'synthetic',
      lastUsedAt: null,
      attributes: { ...(platform === 'github' ? { key: nativeName } : {}), ...(tenantWide ? { tenantWide } : {}) },
    });
  }
  const created = rng.ageDays();
  const used = rng.chance(0.7) ? rng.int(0, created) : null;
  const attributes: Record<string, unknown> = {};
  if (kind === 'oauth_app' && platform === 'github')
    attributes.repositorySelection = rng.chance(0.4) ? 'all' : 'selected';
  if (kind === 'deploy_key') attributes.readOnly = rng.chance(0.7);
  if (kind === 'secret') attributes.updatedAt = iso(rng.ageDays());
  if (kind === 'webhook') {
    attributes.url = rng.chance(0.1) ? 'http://hooks.test/x' : 'https://hooks.test/x';
    attributes.insecureSsl = rng.chance(0.1);
  }
  if (nativeType === 'role') {
    // The AWS connector's typed trust facts (src/platforms/aws/facts.ts): parsed statements, not the raw document.
    attributes.trust = [
      rng.chance(0.5)
        ? {
            effect: 'Allow',
            actions: ['sts:AssumeRoleWithWebIdentity'],
            principals: [
              {
                type: 'Federated',
                value: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
              },
            ],
            notPrincipal: false,
            conditions: rng.chance(0.8)
              ? [{ operator: 'StringLike', key: 'token.actions.githubusercontent.com:sub', values: ['repo:acme/*'] }]
              : [],
          }
        : {
            effect: 'Allow',
            actions: ['sts:AssumeRole'],
            principals: [
              {
                type: 'AWS',
                value: rng.chance(0.5) ? 'arn:aws:iam::999988887777:root' : 'arn:aws:iam::111122223333:root',
              },
            ],
            notPrincipal: false,
            conditions: [],
          },
    ];
  }
  if (rng.chance(0.01)) attributes.humanUseEvidence = 'console sign-in';
  const owned = rng.chance(0.6);
  return {
    id: `${platform}:${tenant}:${nativeType}:${n}`,
    platform,
    tenant,
    kind,
    nativeType,
    nativeId: String(n),
    name: `nhi-${n}`,
    createdAt: iso(created),
    createdBy: null,
    lastUsedAt: used === null ? null : iso(used),
    lastUsedSource: rng.chance(0.8) ? 'sign-in activity' : null,
    enabled: rng.chance(0.95),
    publisher: rng.chance(0.3) ? { name: 'Vendor', verified: rng.chance(0.7), domain: null } : null,
    thirdParty: rng.chance(0.3),
    interactive: rng.chance(0.02),
    environment: rng.pick(['prod', 'staging', null]),
    attributes,
    credentials,
    permissions,
    ownerClaims: owned
      ? [
          {
            ref: `p${n % 5000}@acme.test`,
            refType: 'email',
            source: rng.pick(['creator', 'explicit_owner'] as const),
            confidence: 0.9,
            evidence: 'synthetic',
          },
        ]
      : [],
    owner: owned
      ? {
          personId: `hr:acme:person:${n % 5000}`,
          email: `p${n % 5000}@acme.test`,
          team: null,
          source: 'creator',
          confidence: 0.9,
          status: rng.chance(0.14) ? 'departed' : 'active',
        }
      : null,
    firstSeen: iso(1),
    lastSeen: iso(0),
    goneAt: null,
    stale: [],
  };
}

async function syntheticMode(size: number, seed: number): Promise<void> {
  const rules = BUILTIN_RULES;
  const { countViewHits, RuleEvaluator, prepareFromViews, ruleContext } = await import('../src/analysis/risk/index.js');
  const now = new Date('2026-11-01T00:00:00Z');
  const rng = new Random(seed);
  const buildStarted = performance.now();
  const views: IdentityView[] = new Array(size);
  for (let n = 0; n < size; n++) views[n] = syntheticView(rng, n, now.getTime());
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  countViewHits(views.slice(0, Math.min(size, 20_000)), { now, rules }); // warm-up (JIT)
  // Wall and CPU time per run: on a busy machine the CPU figure is the one that says what the pack costs.
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let counts = new Map<string, number>();
  for (let r = 0; r < 3; r++) {
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    counts = countViewHits(views, { now, rules });
    runs.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpu0);
    cpuRuns.push((cpu.user + cpu.system) / 1e6);
  }
  // The same pass as the store path runs it: hits materialised with evidence, 2,000 identities at a time.
  const startedHits = performance.now();
  const ctx = ruleContext(now);
  const evaluator = new RuleEvaluator(prepareFromViews(BUILTIN_RULES, views, ctx), ctx);
  let hits = 0;
  for (let start = 0; start < size; start += 2000) {
    const batch: RuleHit[] = [];
    for (let n = start; n < Math.min(size, start + 2000); n++)
      evaluator.evaluate(views[n], (rule, evidence) => batch.push({ rule, identity: views[n], evidence }));
    hits += batch.length;
  }
  const hitsSeconds = (performance.now() - startedHits) / 1000;
  const seconds = Math.min(...runs);
  const cpu = cpus();
  const result = {
    benchmark: 'rules: built-in pack over in-memory identity views (countViewHits; pre-passes included)',
    loadAverage: loadavg(),
    date: new Date().toISOString(),
    identities: size,
    rules: BUILTIN_RULES.length,
    seconds,
    runs,
    cpuSeconds: Math.min(...cpuRuns),
    cpuRuns,
    identitiesPerSecond: Math.round(size / seconds),
    withEvidenceSeconds: hitsSeconds,
    hits,
    hitsByRule: Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])),
    buildSeconds,
    heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    target: { identities: 1_000_000, seconds: 15 },
    meetsTarget: size >= 1_000_000 ? seconds <= 15 : null,
    machine: {
      cpuModel: cpu[0]?.model ?? 'unknown',
      cpuCount: cpu.length,
      memoryGb: Math.round(totalmem() / 1073741824),
      os: `${osPlatform()} ${release()}`,
      node: process.version,
    },
    seed,
  };
  const name = size === 1_000_000 ? 'rules-1m.json' : `rules-${size}.json`;
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', name), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `${size.toLocaleString('en-US')} identities × ${result.rules} rules: ${seconds.toFixed(2)} s (best of ${runs.length}; CPU ${result.cpuSeconds.toFixed(2)} s; ${result.identitiesPerSecond.toLocaleString('en-US')}/s; load average ${loadavg()[0].toFixed(1)}), with evidence (batches of 2,000) ${hitsSeconds.toFixed(2)} s, ${hits.toLocaleString('en-US')} hits → bench/results/${name}\n`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const positional = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  if (positional) return storeMode(positional);
  return syntheticMode(flag('--size', 1_000_000), flag('--seed', 7));
}

main().catch((error) => {
  process.stderr.write(`bench/rules: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
