import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../analysis/run-analysis.js';
import { StewardConfig } from '../config/schema.js';
import { generateEstate } from '../emulation/estate/index.js';
import { ENDPOINT_FAULTS, type EndpointFault } from '../emulation/kit/index.js';
import { type EmulatedEstate, startEmulatedEstate } from '../emulation/start.js';
import { fixedClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import type { SourceProblem, SyncRun } from '../model/index.js';
import { ANALYSIS_CATALOGUE, connectorFor, PLATFORMS } from '../platforms/registry.js';
import type { Store } from '../store/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { runSync, type TenantJob } from './engine.js';
import type { SourceSpec } from './sources.js';

/**
 * The fault matrix (issue #12): after a clean scan into a store, every source of every platform is made to fail in
 * every way an emulator can (403, 404, 500, a body that ends mid-document, a malformed item, an endpoint slower than
 * the request timeout), one at a time, each followed by analysis. Whatever the fault, nothing the clean scan stored
 * may be deleted, marked gone or lose a value, no finding may change status, and the run must say which source,
 * endpoint and permission. The estate does not change between scans, so any difference is the fault's doing.
 */
const NOW = '2026-11-01T00:00:00.000Z';
const clock = fixedClock(NOW);
const config = StewardConfig.parse({});
/** Small timeouts so `slow` faults end quickly: each request gives up after REQUEST_TIMEOUT_MS, each source after the deadline. */
const REQUEST_TIMEOUT_MS = 1_000;
const SLOW_DELAY_MS = 3_000;
const SOURCE_DEADLINE_MS = 4_000;

interface Snapshot {
  identities: Map<string, string>;
  credentials: string[];
  permissions: string[];
  people: string[];
  findings: Map<string, string>;
}

/** JSON with object keys sorted, JSON text columns parsed: a value kept from the store may sit elsewhere in its object. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
      try {
        return sort(JSON.parse(v));
      } catch {
        return v;
      }
    }
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, sort(x)]),
      );
    return v;
  };
  return JSON.stringify(sort(value));
}

/**
 * Everything a scan stores, without the bookkeeping a rescan legitimately moves (run ids, last seen, stale marks, and
 * the content hash, which covers the stale marks).
 */
async function snapshot(store: Store, platform: string): Promise<Snapshot> {
  const ids = await store.db.selectFrom('identities').selectAll().where('platform', '=', platform).execute();
  const credentials = await store.db.selectFrom('credentials').selectAll().where('platform', '=', platform).execute();
  const permissions = await store.db.selectFrom('permissions').selectAll().where('platform', '=', platform).execute();
  const people = await store.db.selectFrom('people').selectAll().where('source', '=', platform).execute();
  const findings = await store.db.selectFrom('findings').selectAll().where('platform', '=', platform).execute();
  const strip = <T extends object>(row: T) => {
    const {
      sync_run_id: _r,
      last_seen: _l,
      stale: _s,
      scope: _c,
      content_hash: _h,
      ...rest
    } = row as Record<string, unknown>;
    return canonical(rest);
  };
  return {
    identities: new Map(ids.map((r) => [r.id, strip(r)])),
    credentials: credentials.map(strip).sort(),
    permissions: permissions.map(strip).sort(),
    people: people.map(strip).sort(),
    findings: new Map(findings.map((f) => [f.id, `${f.status} ${f.severity} ${f.evidence}`])),
  };
}

function expectNothingLost(before: Snapshot, after: Snapshot, label: string): void {
  for (const [id, row] of before.identities) expect(after.identities.get(id), `${label}: identity ${id}`).toBe(row);
  expect(after.identities.size, `${label}: identities`).toBe(before.identities.size);
  expect(after.credentials, `${label}: credentials`).toEqual(before.credentials);
  expect(after.permissions, `${label}: permissions`).toEqual(before.permissions);
  expect(after.people, `${label}: people`).toEqual(before.people);
  expect(after.findings, `${label}: findings (none resolved or raised for lack of data)`).toEqual(before.findings);
}

function problemsOf(run: SyncRun, source: string): SourceProblem[] {
  const outcome = run.sources.find((s) => s.source === source);
  return outcome ? [...(outcome.problem ? [outcome.problem] : []), ...outcome.objects] : [];
}

/** What the run must say about the faulted source (`all`: every source of its connector). */
function expectReported(
  run: SyncRun,
  spec: SourceSpec,
  all: readonly SourceSpec[],
  fault: EndpointFault['fault'],
  label: string,
): void {
  const outcome = run.sources.find((s) => s.source === spec.id);
  expect(outcome, `${label}: outcome recorded`).toBeDefined();
  if (outcome?.status === 'not-run') return; // an earlier required source failed first: nothing read, nothing lost
  // An endpoint a required source also reads (Graph's expanded lists) fails that source, and so the run.
  const sharedWithRequired = all.some(
    (o) => o.required && o.id !== spec.id && o.endpoints.some((e) => spec.endpoints.includes(e)),
  );
  if (sharedWithRequired && fault !== 'malformed-item') {
    expect(run.status, `${label}: run status (endpoint shared with a required source)`).toBe('failed');
    return;
  }
  if (fault === 'malformed-item') {
    // A list page loses one item's id: quarantined (source partial or failed), or no list at all (still complete).
    if (outcome?.status !== 'complete') expect(outcome?.quarantined, `${label}: quarantined`).toBeGreaterThan(0);
    return;
  }
  expect(['skipped', 'failed', 'partial'], `${label}: source status`).toContain(outcome?.status);
  const expected = spec.required ? 'failed' : 'partial';
  expect(run.status, `${label}: run status`).toBe(expected);
  const problems = problemsOf(run, spec.id);
  expect(problems.length, `${label}: problem recorded`).toBeGreaterThan(0);
  if (fault === '403' || fault === '404' || fault === '500') {
    const named = problems.find((p) => p.httpStatus === Number(fault));
    expect(named, `${label}: HTTP ${fault} recorded (${JSON.stringify(problems[0])})`).toBeDefined();
    expect(spec.endpoints, `${label}: endpoint template named`).toContain(named?.endpoint);
    const text = run.errors.join('\n');
    expect(text, `${label}: message names the endpoint`).toContain(String(named?.endpoint));
    if (fault !== '500') expect(named?.permission, `${label}: permission named`).toBe(spec.permission);
  }
  if (fault === 'slow')
    expect(
      problems.some((p) => p.kind === 'timeout'),
      `${label}: reported as a timeout`,
    ).toBe(true);
}

const cases = PLATFORMS.flatMap((platform) =>
  platform.connector.sources.flatMap((spec) =>
    ENDPOINT_FAULTS.map((fault) => ({ platform: platform.id, spec, fault })),
  ),
);

describe.each(ENGINES)('fault matrix on %s', (engine) => {
  for (const platform of PLATFORMS) {
    describe(platform.id, () => {
      let store: Store;
      let emulated: EmulatedEstate;
      let jobs: TenantJob[];
      let clean: Snapshot;

      const scan = (options: { deadline?: number } = {}) =>
        runSync(jobs, {
          store,
          connectors: connectorFor,
          clock,
          log: silentLogger,
          sourceDeadlineMs: options.deadline,
          tenantLock: { waitMs: 0 },
        });
      const analyse = () => runAnalysis({ store, config, clock, log: silentLogger, catalogue: ANALYSIS_CATALOGUE });

      beforeAll(async () => {
        const estate = await generateEstate({ platforms: [platform.id], size: 60, seed: 12, now: NOW });
        emulated = await startEmulatedEstate(estate);
        for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
        jobs = emulated.tenants.map((t) => ({
          platform: t.platform,
          tenant: t.tenant,
          options: { ...(t.options as object), requestTimeoutMs: REQUEST_TIMEOUT_MS },
        }));
        store = await openTestStore(engine);
        const runs = await scan();
        expect(runs.map((r) => `${r.status} ${r.errors.join('; ')}`)).toEqual(runs.map(() => 'succeeded '));
        await analyse();
        clean = await snapshot(store, platform.id);
        expect(clean.identities.size).toBeGreaterThan(0);
      }, 120_000);

      afterAll(async () => {
        await emulated?.close();
        await store?.close();
      });

      it.each(cases.filter((c) => c.platform === platform.id).map((c) => [c.spec.id, c.fault, c.spec] as const))(
        'source %s, fault %s: nothing lost, outcome and message right',
        async (_source, fault, spec) => {
          const label = `${platform.id} ${spec.id} ${fault}`;
          for (const started of emulated.started)
            started.emulator.faults.set({
              endpoints: spec.endpoints.map((endpoint) => ({ endpoint, fault, delayMs: SLOW_DELAY_MS })),
            });
          // Full scans only: a delta scan may not call the faulted endpoint at all.
          await store.db.deleteFrom('connector_state').execute();
          try {
            const runs = await scan({ deadline: fault === 'slow' ? SOURCE_DEADLINE_MS : undefined });
            await analyse();
            for (const run of runs) expectReported(run, spec, platform.connector.sources, fault, label);
            expectNothingLost(clean, await snapshot(store, platform.id), label);
          } finally {
            for (const started of emulated.started) started.emulator.faults.reset();
          }
        },
        60_000,
      );
    });
  }
});
