import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { githubActivity } from './activity.js';
import type { GitHubEstateData } from './types.js';

/**
 * The planted entries speak GitHub's audit log: every field path the generator writes is one of a vendor entry
 * (GitHub's REST example page, Elastic's streamed samples, Panther's labelled GitHub.Audit events, read in place), a
 * token names its grant's `token_id`, an app acts as its `<slug>[bot]` login, as the estate's listings say.
 */
const corpora = corporaDir();

function vendorEntries(): object[] {
  const rest = JSON.parse(
    readFileSync(join(corpora, 'github-rest-openapi', 'examples', 'orgs__get-audit-log.200.json'), 'utf8'),
  ) as { examples: { default: object[] } };
  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const streamed = lines(
    join(corpora, 'elastic-integrations-nhi-samples', 'github-audit', 'test-api-request-events.log'),
  );
  const panther = lines(join(corpora, 'panther-analysis-rules', 'labelled_test_events.jsonl'))
    .filter((r) => JSON.stringify(r.log_types) === '["GitHub.Audit"]')
    .map((r) => r.log as Record<string, unknown>)
    .filter((log) => typeof log.action === 'string');
  return [...rest.examples.default, ...streamed, ...panther];
}

/** Field paths of an object (arrays and their items are one level). */
function paths(v: unknown, prefix = ''): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [prefix];
  return Object.entries(v).flatMap(([k, x]) => paths(x, prefix ? `${prefix}.${k}` : k));
}

interface Entry {
  _document_id: string;
  created_at: number;
  '@timestamp': number;
  actor: string;
  actor_is_bot: boolean;
  token_id?: number;
  programmatic_access_type: string;
}

describe('planted GitHub audit-log entries', async () => {
  const estate = await generateEstate({ seed: 7, size: 300, platforms: ['github'], now: '2026-11-01T00:00:00Z' });
  const data = estate.platforms.github as GitHubEstateData;
  const labels = estate.labels.identities.filter((l) => l.platform === 'github');
  const planted = githubActivity(data, labels, new Date(estate.now)) as PlantedActivity;
  const entries = planted.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Entry);

  it('writes only fields of vendor audit-log entries', () => {
    const documented = new Set(vendorEntries().flatMap((e) => paths(e)));
    const written = new Set(entries.flatMap((e) => paths(e)));
    expect([...written].filter((p) => !documented.has(p))).toEqual([]);
    expect(['token_id', 'hashed_token', 'programmatic_access_type', 'actor_ip'].every((f) => written.has(f))).toBe(
      true,
    );
  });

  it("names each token by its grant's token_id and each app by its bot login, oldest first, in epoch ms", () => {
    const ownerOfToken = new Map(data.patGrants.map((g) => [g.token_id, g.owner.login]));
    const botLogins = new Set(data.installations.map((i) => `${i.app_slug}[bot]`));
    for (const e of entries) {
      if (e.token_id !== undefined) expect(ownerOfToken.get(e.token_id), e._document_id).toBe(e.actor);
      else expect([botLogins.has(e.actor), e.actor_is_bot], e._document_id).toEqual([true, true]);
    }
    const times = entries.map((e) => e.created_at);
    expect(times.every(Number.isInteger)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(entries.every((e) => e['@timestamp'] === e.created_at)).toBe(true);
    expect(new Set(entries.map((e) => e._document_id)).size).toBe(entries.length);
    expect(planted.records).toBe(entries.length);
  });

  it('plants on inventory PAT grants and app installations only, and the same estate gives the same log', () => {
    const kinds = new Map(labels.map((l) => [l.id, l.id.split(':')[2]]));
    for (const x of [...planted.expected, ...planted.benign])
      expect(['pat_grant', 'installation'], x.scenario).toContain(kinds.get(x.identityId));
    const again = githubActivity(data, labels, new Date(estate.now)) as PlantedActivity;
    expect(again.text).toBe(planted.text);
  });

  it('plants nothing without an approved fine-grained token', () => {
    expect(githubActivity({ ...data, patGrants: [] }, labels, new Date(estate.now))).toBeNull();
  });
});
