import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../../emulation/estate/index.js';
import type { GitHubEstateData } from '../../estate/types.js';
import { auditLog } from '../audit-log.js';
import { startGitHubEmulator } from '../index.js';

/**
 * GET /orgs/{org}/audit-log as GitHub documents it ("Get the audit log for an organization", GHEC): `phrase` with the
 * `created` qualifier, `include`, `order` (desc by default), `per_page`, and cursor paging through the Link header.
 */
type Entry = Record<string, unknown>;
const T0 = Date.parse('2026-10-01T00:00:00Z');
const HOUR = 3_600_000;
let data: GitHubEstateData;
let s: Awaited<ReturnType<typeof startGitHubEmulator>>;
const planted: Entry[] = [];
const get = async (query: string, server = s) => {
  const r = await fetch(`${server.emulator.url}/orgs/${data.org.login}/audit-log${query}`, {
    headers: { authorization: `token ${server.ownerToken}`, accept: 'application/vnd.github+json' },
  });
  return { status: r.status, link: r.headers.get('link'), body: (await r.json()) as Entry[] & Entry };
};
const ids = (body: Entry[]) => body.map((e) => e._document_id);

beforeAll(async () => {
  data = (await generateEstate({ platforms: ['github'], size: 10, seed: 4 })).platforms.github as GitHubEstateData;
  // Every 6 hours for 5 days: 20 entries, one Git event among them.
  for (let i = 0; i < 20; i++)
    planted.push({
      _document_id: `d${String(i).padStart(2, '0')}`,
      action: i === 7 ? 'git.push' : 'repo.create',
      created_at: T0 + i * 6 * HOUR,
      '@timestamp': T0 + i * 6 * HOUR,
      org: data.org.login,
    });
  s = await startGitHubEmulator(data, { auditLog: planted });
});
afterAll(async () => s?.emulator.close());

describe('GitHub emulator: organization audit log', () => {
  it('answers newest first by default, web events only unless include says otherwise', async () => {
    const { body } = await get('');
    expect(body.length).toBe(19);
    expect(body[0]!._document_id).toBe('d19');
    expect(ids(body)).not.toContain('d07');
    expect(ids((await get('?include=all&per_page=100')).body)).toContain('d07');
    expect(ids((await get('?include=git')).body)).toEqual(['d07']);
  });

  it('filters by created: a time, a whole day, a range; refuses what it cannot search', async () => {
    const at = new Date(T0 + 3 * 24 * HOUR).toISOString().slice(0, 19);
    const since = await get(`?order=asc&include=all&phrase=${encodeURIComponent(`created:>=${at}+00:00`)}`);
    expect(ids(since.body)).toEqual(['d12', 'd13', 'd14', 'd15', 'd16', 'd17', 'd18', 'd19']);
    const day = await get(`?order=asc&phrase=${encodeURIComponent('created:2026-10-02')}`);
    expect(ids(day.body)).toEqual(['d04', 'd05', 'd06']);
    const range = await get(`?order=asc&include=all&phrase=${encodeURIComponent('created:2026-10-02..2026-10-03')}`);
    expect(ids(range.body)).toEqual(['d04', 'd05', 'd06', 'd07', 'd08', 'd09', 'd10', 'd11']);
    expect((await get(`?phrase=${encodeURIComponent('created:>=soon')}`)).status).toBe(422);
    expect((await get(`?phrase=${encodeURIComponent('country:us')}`)).status).toBe(422);
    expect((await get('?include=everything')).status).toBe(422);
  });

  it('pages with an `after` cursor in the Link header, oldest first with order=asc, until nothing is left', async () => {
    const seen: unknown[] = [];
    let next: string | null = `${s.emulator.url}/orgs/${data.org.login}/audit-log?order=asc&include=all&per_page=7`;
    let pages = 0;
    while (next) {
      const r: Response = await fetch(next, { headers: { authorization: `token ${s.ownerToken}` } });
      seen.push(...ids((await r.json()) as Entry[]));
      next = /<([^>]+)>; rel="next"/.exec(r.headers.get('link') ?? '')?.[1] ?? null;
      if (next) expect(new URL(next).searchParams.get('after')).toBeTruthy();
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(planted.map((e) => e._document_id));
  });

  it('serves the derived creation events when nothing is planted, and 404 to an org without GHEC', async () => {
    const derived = await startGitHubEmulator(data, {});
    const free = await startGitHubEmulator(data, { ghec: false });
    try {
      const { body } = await get('?per_page=100', derived);
      expect(ids(body)).toEqual(ids(auditLog(data).slice(0, 100) as unknown as Entry[]));
      const refused = await get('', free);
      expect([refused.status, refused.body.message]).toEqual([404, 'Not Found']);
    } finally {
      await derived.emulator.close();
      await free.emulator.close();
    }
  });
});
