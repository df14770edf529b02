import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDetections } from '../../../monitoring/detections-store.js';
import { importChunks } from '../../../monitoring/pipeline.js';
import { openStore, type Store } from '../../../store/index.js';
import { githubAuditFormat } from './audit-log.js';
import { githubActivity } from './index.js';

// Hand-written after GitHub's "Audit log events for your organization" (fields: @timestamp, _document_id, action,
// actor, actor_id, created_at in epoch ms, org, user, hashed_token, token_id, programmatic_access_type, user_agent).
const entry = (over: Record<string, unknown> = {}) => ({
  '@timestamp': 1764672000000,
  _document_id: 'xJJFlFOhQ6b-5vaAFy9Rjw',
  action: 'org.add_member',
  actor: 'deploy-bot-user',
  actor_id: 4242,
  created_at: 1764672000000,
  org: 'octo-corp',
  org_id: 99,
  user: 'mallory',
  hashed_token: 'E8Fzcgs3TQXqhrKKC/qNR+2XZnaK3ykQBSAt1kPMiJs=',
  token_id: 555555,
  programmatic_access_type: 'Fine-grained personal access token',
  user_agent: 'python-requests/2.32.3',
  actor_ip: '203.0.113.9',
  ...over,
});

describe('GitHub audit log → events', () => {
  it('a token-made entry: the token is the actor, the action says what it means', () => {
    const [e] = githubAuditFormat.parse(entry());
    expect(e).toMatchObject({
      id: 'xJJFlFOhQ6b-5vaAFy9Rjw',
      platform: 'github',
      tenant: 'octo-corp',
      time: Date.parse('2025-12-02T10:40:00Z'),
      operation: 'org:org.add_member',
      target: 'mallory',
      tags: ['iam.write'],
      sourceIp: '203.0.113.9',
      actor: { principal: 'deploy-bot-user#token:555555', keys: ['tokenId=555555'], programmatic: true },
    });
    expect(e.actor.person).toBeUndefined();
  });

  it('an app bot by its slug, a person in a web session, anti-forensics, and what is not an entry', () => {
    const bot = githubAuditFormat.parse(
      entry({
        actor: 'renovate[bot]',
        token_id: undefined,
        programmatic_access_type: 'GitHub App server-to-server token',
      }),
    )[0];
    expect(bot.actor.keys).toEqual(['appSlug=renovate']);
    const web = githubAuditFormat.parse(
      entry({
        action: 'audit_log_streaming.destroy',
        token_id: undefined,
        hashed_token: undefined,
        programmatic_access_type: undefined,
      }),
    )[0];
    expect([web.actor.person, web.actor.keys, web.tags]).toEqual([true, [], ['logging.disable']]);
    expect(githubAuditFormat.parse(entry({ action: 'public_key.create' }))[0]).toMatchObject({
      classUid: 3001,
      tags: ['credential.create'],
    });
    expect(githubAuditFormat.parse(entry({ action: 'repo.create' }))[0].tags).toEqual([]);
    expect(githubAuditFormat.parse(entry({ created_at: '2021-06-09 20:31:04.157' }))[0].time).toBe(
      Date.parse('2021-06-09T20:31:04.157Z'),
    );
    expect(() => githubAuditFormat.parse({ action: 'repo.create', actor: 'x' })).toThrow(
      'not a GitHub audit-log entry',
    );
    expect(() => githubAuditFormat.parse(entry({ created_at: 'soon', '@timestamp': undefined }))).toThrow('not a time');
  });
});

describe('resolution of a token to its PAT grant', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(() => store.close());

  it('resolves by token id, moves its last use forward; a person deleting the stream is still flagged', async () => {
    const common = { platform: 'github', tenant: 'octo-corp', sync_run_id: 'r1', scope: '' };
    const identityId = 'github:octo-corp:pat_grant:7';
    await store.db
      .insertInto('identities')
      .values({
        ...common,
        id: identityId,
        kind: 'personal_access_token',
        native_type: 'pat_grant',
        native_id: '7',
        name: 'deploy',
        created_at: null,
        created_by: 'deploy-bot-user',
        last_used_at: '2025-11-20T00:00:00.000Z',
        last_used_source: 'token_last_used_at',
        enabled: 1,
        publisher_name: null,
        publisher_verified: null,
        publisher_domain: null,
        third_party: 0,
        interactive: 0,
        environment: null,
        attributes: JSON.stringify({ tokenId: 555555 }),
        owner_claims: '[]',
        first_seen: '2025-01-01T00:00:00Z',
        last_seen: '2025-01-01T00:00:00Z',
        gone_at: null,
        gone_run_id: null,
        stale: '[]',
      })
      .execute();
    // A credential named like a bot's slug must not catch the bot (qualified keys).
    await store.db
      .insertInto('credentials')
      .values({
        ...common,
        id: `${identityId}#token`,
        identity_id: identityId,
        type: 'token',
        name: 'renovate',
        created_at: null,
        expires_at: null,
        last_used_at: null,
        last_used_source: null,
        fingerprint: null,
        enabled: 1,
        attributes: JSON.stringify({ tokenId: 555555 }),
      })
      .execute();
    const lines = [
      entry(),
      entry({ _document_id: 'bot', actor: 'renovate[bot]', token_id: undefined }),
      entry({
        _document_id: 'web',
        action: 'audit_log_streaming.destroy',
        actor: 'eve',
        token_id: undefined,
        programmatic_access_type: undefined,
      }),
    ];
    async function* one() {
      yield JSON.stringify(lines);
    }
    const s = await importChunks(one(), {
      store,
      format: githubAuditFormat,
      platform: 'github',
      lastUsedSource: githubActivity.lastUsedSource,
      keyAttributes: githubActivity.keyAttributes,
      now: () => new Date('2025-12-05T00:00:00Z'),
      enrich: false,
    });
    expect(s.actors).toMatchObject({ resolved: 1, resolvedEvents: 1, unresolved: 1, people: 1 });
    expect(s.lastUsedUpdated).toEqual({ identities: 1, credentials: 1 });
    const detections = await listDetections(store);
    expect(detections.map((d) => [d.ruleId, d.actor, d.severity]).sort()).toEqual(
      [
        ['activity-anti-forensics', 'eve', 'high'],
        ['activity-sensitive-operation', 'deploy-bot-user#token:555555', 'medium'],
        // Unresolved (no installation in the inventory), judged all the same.
        ['activity-sensitive-operation', 'renovate[bot]', 'medium'],
      ].sort(),
    );
  });
});
