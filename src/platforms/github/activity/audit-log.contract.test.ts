import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corporaDir } from '../../../testing/corpora.js';
import { githubAuditFormat } from './audit-log.js';

// GitHub's own audit-log example (REST: GET /orgs/{org}/audit-log) and Elastic's streamed samples, read in place.
const corpora = corporaDir();
const rest = join(corpora, 'github-rest-openapi', 'examples', 'orgs__get-audit-log.200.json');
const streamed = join(corpora, 'elastic-integrations-nhi-samples', 'github-audit', 'test-api-request-events.log');

describe('GitHub audit log (vendor examples)', () => {
  it("reads the REST example page: web-session entries are people's", () => {
    const page = (JSON.parse(readFileSync(rest, 'utf8')) as { examples: { default: unknown[] } }).examples.default;
    const events = page.flatMap((entry) => githubAuditFormat.parse(entry));
    expect(events.map((e) => [e.operation, e.tenant, e.actor.principal, e.actor.person, e.time])).toEqual([
      ['team:team.add_member', 'octo-corp', 'octocat', true, 1606929874512],
      ['org:org.create', 'octocat-test-org', 'octocat', true, 1606507117008],
      ['repo:repo.destroy', 'mona-org', 'monalisa', true, 1605719148837],
    ]);
    expect(events[0].tags).toEqual(['iam.write']);
  });

  it('reads streamed entries: a token-made API request is the token', () => {
    const lines = readFileSync(streamed, 'utf8').split('\n').filter(Boolean);
    const events = lines.flatMap((l) => githubAuditFormat.parse(JSON.parse(l)));
    expect(events).toHaveLength(lines.length);
    const api = events.find((e) => e.operation === 'api:api.request');
    expect(api?.actor).toMatchObject({
      keys: ['tokenId=555555'],
      programmatic: true,
      principal: 'user_actor#token:555555',
    });
    expect(api?.userAgent).toBe('curl/7.79.1');
  });
});
