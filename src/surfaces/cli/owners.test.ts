import { PEOPLE_SOURCES } from '../../platforms/registry.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './context.js';
import { Identity, Person, identityId, personId, type OwnerClaim } from '../../model/index.js';
import { openStore, writeIdentities, writePeople } from '../../store/index.js';
import { recomputeOwnership } from '../../analysis/ownership/compute.js';
import { runCli } from '../../testing/cli.js';

const NOW = '2026-11-01T00:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'steward-owners-cli-'));
const storeFile = join(dir, 's.db');
const claim = (ref: string, refType: OwnerClaim['refType'], source: OwnerClaim['source']): OwnerClaim => ({
  ref,
  refType,
  source,
  confidence: 0.9,
  evidence: `${source} ${ref}`,
});
const id = (n: number) => identityId('github', 'acme', 'deploy_key', n);

beforeAll(async () => {
  process.env.STEWARD_NOW = NOW;
  const store = await openStore(storeFile);
  await writePeople(
    store,
    [
      Person.parse({
        id: personId('github', 'acme', 1),
        source: 'github',
        tenant: 'acme',
        nativeId: '1',
        login: 'alice',
        email: 'alice@acme.test',
        status: 'active',
      }),
      Person.parse({
        id: personId('github', 'acme', 2),
        source: 'github',
        tenant: 'acme',
        nativeId: '2',
        login: 'bob',
        email: 'bob@acme.test',
        status: 'active',
      }),
    ],
    'r',
    NOW,
  );
  const mk = (n: number, claims: OwnerClaim[]) =>
    Identity.parse({
      id: id(n),
      platform: 'github',
      tenant: 'acme',
      kind: 'deploy_key',
      nativeType: 'deploy_key',
      nativeId: String(n),
      name: `key-${n}`,
      ownerClaims: claims,
    });
  await writeIdentities(
    store,
    [mk(1, [claim('alice', 'login', 'creator')]), mk(2, [claim('bob', 'login', 'creator')]), mk(3, [])],
    'r',
    NOW,
  );
  await recomputeOwnership(store, { now: NOW, peopleSources: PEOPLE_SOURCES });
  await store.close();
});
afterAll(() => {
  delete process.env.STEWARD_NOW;
});

describe('steward owners / people (CLI)', () => {
  it('people import: a bad file exits 2 with row-level errors; a good file marks alice departed and recomputes', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'email,name,status,departure_date,manager,team\nalice@acme.test,Alice,departed,2026-02-31,bob@acme.test,payments\n',
    );
    const r1 = await runCli(['--store', storeFile, 'people', 'import', bad]);
    expect(r1.code).toBe(EXIT.usage);
    expect(r1.stdout).toContain('row 2, column departure_date: bad date "2026-02-31"');
    expect(r1.stdout).toContain('nothing imported');
    let orphans = JSON.parse(
      (await runCli(['--store', storeFile, 'owners', 'list', '--orphans', '--format', 'json'])).stdout,
    );
    expect(orphans.map((o: { identityId: string }) => o.identityId)).toEqual([id(3)]);

    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      'email,name,status,departure_date,manager,team\nalice@acme.test,Alice,departed,2026-02-28,bob@acme.test,payments\nbob@acme.test,Bob,active,,,payments\n',
    );
    const r2 = await runCli(['--store', storeFile, 'people', 'import', good]);
    expect(r2.code).toBe(EXIT.ok);
    expect(r2.stdout).toContain('imported 2 of 2 rows');
    orphans = JSON.parse(
      (await runCli(['--store', storeFile, 'owners', 'list', '--orphans', '--format', 'json'])).stdout,
    );
    expect(
      orphans.map((o: { identityId: string; orphanReason: string }) => `${o.identityId}:${o.orphanReason}`),
    ).toEqual([`${id(1)}:owner_departed`, `${id(3)}:no_owner`]);
    expect(orphans[0].suggestion).toMatchObject({ email: 'bob@acme.test' });

    const conflicts = await runCli(['--store', storeFile, 'people', 'list', '--conflicts']);
    expect(conflicts.stdout).toContain('alice@acme.test');
    expect(conflicts.stdout).toContain('status: hr=departed vs github=active → departed');
    expect(conflicts.stdout).not.toContain('bob@acme.test  ');
  });

  it('owners assign/show/unassign, offboard and stats', async () => {
    const refused = await runCli([
      '--store',
      storeFile,
      'owners',
      'assign',
      id(3),
      '--email',
      'alice@acme.test',
      '--by',
      'me',
    ]);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('departed');
    const noTarget = await runCli(['--store', storeFile, 'owners', 'assign', '--email', 'bob@acme.test', '--by', 'me']);
    expect(noTarget.code).toBe(EXIT.usage);

    const a = await runCli([
      '--store',
      storeFile,
      'owners',
      'assign',
      id(3),
      id(1),
      '--email',
      'bob@acme.test',
      '--by',
      'secops',
      '--note',
      'INC-7',
    ]);
    expect(a.code).toBe(EXIT.ok);
    expect(a.stdout).toContain('owner of 2 identities');
    const show = await runCli(['--store', storeFile, 'owners', 'show', id(1)]);
    expect(show.stdout).toMatch(/owner: +bob@acme.test/);
    expect(show.stdout).toMatch(/source: +manual/);
    expect(show.stdout).toContain('alice@acme.test'); // the creator candidate is still listed
    const json = JSON.parse((await runCli(['--store', storeFile, 'owners', 'show', id(1), '--format', 'json'])).stdout);
    expect(json.candidates.map((c: { source: string }) => c.source)).toEqual(['manual', 'creator']);
    expect(json.manual).toMatchObject({ assignedBy: 'secops', note: 'INC-7' });

    const off = JSON.parse(
      (await runCli(['--store', storeFile, 'people', 'offboard', 'alice@acme.test', '--format', 'json'])).stdout,
    );
    expect(off.owned).toEqual([]);
    expect(off.candidateOnly.map((e: { identityId: string }) => e.identityId)).toEqual([id(1)]);

    const un = await runCli(['--store', storeFile, 'owners', 'unassign', id(1)]);
    expect(un.stdout).toContain('removed 1 manual assignment');
    const off2 = JSON.parse(
      (await runCli(['--store', storeFile, 'people', 'offboard', 'alice@acme.test', '--format', 'json'])).stdout,
    );
    expect(off2.owned.map((e: { identityId: string }) => e.identityId)).toEqual([id(1)]);
    expect(off2.owned[0].suggestion.email).toBe('bob@acme.test');

    const stats = JSON.parse((await runCli(['--store', storeFile, 'owners', 'stats', '--format', 'json'])).stdout);
    // Owned means an active person or a team answers for it: the key whose owner departed is an orphan, not owned.
    expect(stats.overall).toMatchObject({
      identities: 3,
      owned: 2,
      orphans: 1,
      ownerDeparted: 1,
      activePeople: 1,
      nhiPerPerson: 3,
    });
    const table = await runCli(['--store', storeFile, 'owners', 'list', '--summary']);
    expect(table.stdout).toContain('github:acme');
    expect(table.stdout).toContain('3.00 : 1');
    const csv = await runCli(['--store', storeFile, 'owners', 'list', '--owner', 'bob@acme.test', '--format', 'csv']);
    expect(csv.stdout.trim().split('\n')).toHaveLength(3); // header + keys 2 and 3
    const missing = await runCli(['--store', storeFile, 'owners', 'show', 'github:acme:deploy_key:999']);
    expect(missing.code).toBe(EXIT.usage);
  });
});
