import { PEOPLE_SOURCES } from '../../platforms/registry.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestStore } from '../../testing/store.js';
import type { Store } from '../../store/index.js';
import { formatHrError, importHrFile, parseHrFile } from './hr-import.js';
import { loadPeopleIndex } from './people.js';

const NOW = new Date('2026-11-01T00:00:00Z');
const HEADER = 'email,name,status,departure_date,manager,team';
const utf8 = (text: string) => new TextEncoder().encode(text);
const GOOD = [
  HEADER,
  'ada@acme.test,Ada Lovelace,active,,grace@acme.test,platform',
  'grace@acme.test,Grace Hopper,active,,,platform',
  'alan@acme.test,Alan Turing,departed,2026-03-31,grace@acme.test,data',
].join('\n');

/** Everything an import may change, for "nothing changed" assertions. */
async function snapshot(store: Store) {
  const people = await store.db.selectFrom('people').selectAll().orderBy('id').execute();
  const state = await store.db.selectFrom('connector_state').selectAll().orderBy('key').execute();
  return JSON.stringify({ people, state });
}

describe('HR file validation (pure)', () => {
  it('accepts a good file, a UTF-8 BOM, CRLF, header case/spaces and extra columns', () => {
    const text = [
      ' Email , NAME,status,departure_date,manager,team,cost_centre',
      ...GOOD.split('\n')
        .slice(1)
        .map((l) => `${l},cc1`),
    ].join('\r\n');
    const r = parseHrFile(utf8(`\ufeff${text}`), NOW);
    expect(r.fileErrors).toEqual([]);
    expect(r.rowErrors).toEqual([]);
    expect(r.people.map((p) => `${p.email}:${p.status}:${p.departedAt ?? ''}`)).toEqual([
      'ada@acme.test:active:',
      'grace@acme.test:active:',
      'alan@acme.test:departed:2026-03-31T00:00:00.000Z',
    ]);
    expect(r.warnings.join()).toContain('cost_centre');
  });

  it('reads the optional logins column (platform:login; separated by ";" or spaces) and rejects unknown platforms', () => {
    const r = parseHrFile(
      utf8(
        `${HEADER},logins\nada@acme.test,Ada,active,,,platform,github:ada-l; adal\nbob@acme.test,Bob,active,,,data,gitlab:bob\n`,
      ),
      NOW,
    );
    expect(r.people[0].attributes.logins).toEqual([
      { platform: 'github', login: 'ada-l' },
      { platform: null, login: 'adal' },
    ]);
    expect(r.rowErrors.map(formatHrError)).toEqual([
      'row 3, column logins: unknown platform "gitlab" in "gitlab:bob" (expected one of github, entra, aws, google, okta, slack, salesforce)',
    ]);
  });

  it('names every missing column in the header', () => {
    const r = parseHrFile(utf8('email,name,status\nada@acme.test,Ada,active\n'), NOW);
    expect(r.fileErrors.map((e) => `${e.row}:${e.column}`)).toEqual(['1:departure_date', '1:manager', '1:team']);
    expect(formatHrError(r.fileErrors[0])).toMatch(/^row 1, column departure_date: required column is missing/);
  });

  it('reports bad dates, unknown statuses, bad e-mails, duplicates and field counts per row and column', () => {
    const text = [
      HEADER,
      'ada@acme.test,Ada,active,,,platform', // row 2 ok
      'bob@acme.test,Bob,departed,2026-02-30,,data', // row 3: impossible date
      'cy@acme.test,Cy,departed,31/03/2026,,data', // row 4: wrong format
      'dee@acme.test,Dee,on holiday,,,data', // row 5: unknown status
      'ADA@acme.test,Ada again,active,,,platform', // row 6: duplicate (case-insensitive)
      'not-an-email,Eve,active,,,data', // row 7: bad e-mail
      'fay@acme.test,Fay,active,2026-01-15,,data', // row 8: active but departure passed
      'gus@acme.test,Gus,active,,gus@acme.test', // row 9: 5 fields + own manager
      'hal@acme.test,Hal,,,,data', // row 10: status missing
    ].join('\n');
    const r = parseHrFile(utf8(text), NOW);
    const got = r.rowErrors.map((e) => `${e.row}:${e.column}`);
    expect(got).toEqual([
      '3:departure_date',
      '4:departure_date',
      '5:status',
      '6:email',
      '7:email',
      '8:departure_date',
      '9:null',
      '9:manager',
      '10:status',
    ]);
    const msg = r.rowErrors.map(formatHrError);
    expect(msg[0]).toBe('row 3, column departure_date: bad date "2026-02-30" (expected YYYY-MM-DD, e.g. 2025-03-31)');
    expect(msg[2]).toContain('unknown status "on holiday"');
    expect(msg[3]).toContain('duplicate e-mail ada@acme.test (first in row 2)');
    expect(msg[4]).toContain('"not-an-email" is not a valid e-mail address');
    expect(msg[6]).toContain('has 5 fields but the header has 6');
    expect(r.people.map((p) => p.email)).toEqual(['ada@acme.test']);
    expect(r.rejectedWithoutEmail).toBe(1);
  });

  it('detects wrong encodings: Latin-1 bytes per row, UTF-16 and NUL bytes for the whole file', () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${HEADER}\nada@acme.test,Ada,active,,,platform\nzoe@acme.test,Zo`),
      Buffer.from([0xeb]),
      Buffer.from(' Smith,active,,,data\n'),
    ]);
    const r = parseHrFile(latin1, NOW);
    expect(r.rowErrors.map((e) => `${e.row}:${e.column}`)).toEqual(['3:name']);
    expect(r.rowErrors[0].problem).toContain('not valid UTF-8');
    expect(r.people.map((p) => p.email)).toEqual(['ada@acme.test']);

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]);
    expect(parseHrFile(utf16, NOW).fileErrors[0].problem).toContain('UTF-16');
    expect(parseHrFile(Buffer.from(GOOD, 'utf16le'), NOW).fileErrors[0].problem).toContain('NUL bytes');
    expect(parseHrFile(new Uint8Array(), NOW).fileErrors[0].problem).toContain('empty');
    expect(parseHrFile(utf8(`${HEADER}\n"ada@acme.test,Ada,active,,,x\n`), NOW).fileErrors[0].problem).toContain(
      'not valid CSV',
    );
  });
});

describe.each(ENGINES)('HR import into the store (%s)', (engine) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  const broken: Array<[string, Uint8Array]> = [
    ['missing columns', utf8('email,name,status\nada@acme.test,Ada,active\n')],
    [
      'bad dates',
      utf8(`${HEADER}\nada@acme.test,Ada,active,,,platform\nbob@acme.test,Bob,departed,2026-13-01,,data\n`),
    ],
    ['duplicate emails', utf8(`${HEADER}\nada@acme.test,Ada,active,,,platform\nAda@Acme.test,Ada,active,,,platform\n`)],
    [
      'wrong encoding',
      Buffer.concat([
        Buffer.from(`${HEADER}\nada@acme.test,Ada,active,,,platform\nzoe@acme.test,Zo`),
        Buffer.from([0xeb, 0xff]),
        Buffer.from(',active,,,data\n'),
      ]),
    ],
    ['unknown status', utf8(`${HEADER}\nada@acme.test,Ada,active,,,platform\nbob@acme.test,Bob,retired,,,data\n`)],
  ];

  it.each(broken)('%s: row-level errors and the store is unchanged', async (_name, bytes) => {
    store = await openTestStore(engine);
    await importHrFile(store, utf8(GOOD), { now: NOW });
    const before = await snapshot(store);
    const r = await importHrFile(store, bytes, { now: new Date('2026-11-02T00:00:00Z') });
    expect(r.applied).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.row).toBeGreaterThanOrEqual(1);
      expect(formatHrError(e)).toMatch(/^row \d+/);
    }
    expect(await snapshot(store)).toBe(before);
  });

  it('--accept-partial imports the valid rows and reports the rejected ones', async () => {
    store = await openTestStore(engine);
    const r = await importHrFile(store, broken[1][1], { now: NOW, acceptPartial: true });
    expect(r).toMatchObject({ applied: true, imported: 1, rejected: 1 });
    expect(r.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['3:departure_date']);
    const rows = await store.db.selectFrom('people').select(['id', 'source', 'tenant', 'email', 'status']).execute();
    expect(rows).toEqual([
      { id: 'hr:hr:person:ada@acme.test', source: 'hr', tenant: 'hr', email: 'ada@acme.test', status: 'active' },
    ]);
    // A file that cannot be read at all imports nothing, even with --accept-partial.
    const before = await snapshot(store);
    const none = await importHrFile(store, broken[0][1], { now: NOW, acceptPartial: true });
    expect(none.applied).toBe(false);
    expect(await snapshot(store)).toBe(before);
  });

  it('a full import marks people missing from the new file departed (kept, not deleted); --merge does not', async () => {
    store = await openTestStore(engine);
    await importHrFile(store, utf8(GOOD), { now: NOW });
    const second = [
      HEADER,
      'ada@acme.test,Ada Lovelace,active,,grace@acme.test,platform',
      'alan@acme.test,Alan Turing,departed,2026-03-31,grace@acme.test,data',
    ].join('\n');
    const merged = await importHrFile(store, utf8(second), { now: NOW, mode: 'merge' });
    expect(merged.markedDeparted).toEqual([]);
    expect((await loadPeopleIndex(store, PEOPLE_SOURCES)).byEmailAddress('grace@acme.test')?.status).toBe('active');
    const full = await importHrFile(store, utf8(second), { now: NOW });
    expect(full.markedDeparted).toEqual(['grace@acme.test']);
    const grace = (await loadPeopleIndex(store, PEOPLE_SOURCES)).byEmailAddress('grace@acme.test');
    expect(grace?.status).toBe('departed');
    // The index keeps only what attribution reads; the stored record keeps why the person was marked departed.
    const stored = await store.db
      .selectFrom('people')
      .select('attributes')
      .where('id', '=', grace!.representativeId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.attributes)).toMatchObject({
      absentFromHrSince: NOW.toISOString(),
      statusBeforeAbsence: 'active',
    });
    expect(await store.db.selectFrom('people').select('id').execute()).toHaveLength(3);
  });

  it('refuses a full import that would mark a large share of people departed unless allowed', async () => {
    store = await openTestStore(engine);
    const many = [HEADER, ...Array.from({ length: 40 }, (_, i) => `p${i}@acme.test,P ${i},active,,,data`)].join('\n');
    await importHrFile(store, utf8(many), { now: NOW });
    const before = await snapshot(store);
    const truncated = [HEADER, ...Array.from({ length: 10 }, (_, i) => `p${i}@acme.test,P ${i},active,,,data`)].join(
      '\n',
    );
    const r = await importHrFile(store, utf8(truncated), { now: NOW });
    expect(r.applied).toBe(false);
    expect(r.blockedBy).toContain('30 people');
    expect(await snapshot(store)).toBe(before);
    const ok = await importHrFile(store, utf8(truncated), { now: NOW, allowMassDeparture: true });
    expect(ok.markedDeparted).toHaveLength(30);
  });
});
