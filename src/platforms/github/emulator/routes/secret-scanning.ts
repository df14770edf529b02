import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GhRepoData, GhSecretScanningAlertData } from '../../estate/types.js';
import { guard, notFound, orgOk, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

type Query = Record<string, string | undefined>;
const WEB = 'https://github.com';

/** GitHub's `simple-repository`: every URL field it requires, derived from the emulator's base URL. */
function simpleRepository(s: EmulatorState, r: GhRepoData): Record<string, unknown> {
  const full = `${s.org}/${r.name}`;
  const u = `${s.base}/repos/${full}`;
  const urls = Object.fromEntries(
    [
      ['archive', '/{archive_format}{/ref}'],
      ['assignees', '/assignees{/user}'],
      ['blobs', '/git/blobs{/sha}'],
      ['branches', '/branches{/branch}'],
      ['collaborators', '/collaborators{/collaborator}'],
      ['comments', '/comments{/number}'],
      ['commits', '/commits{/sha}'],
      ['compare', '/compare/{base}...{head}'],
      ['contents', '/contents/{+path}'],
      ['contributors', '/contributors'],
      ['deployments', '/deployments'],
      ['downloads', '/downloads'],
      ['events', '/events'],
      ['forks', '/forks'],
      ['git_commits', '/git/commits{/sha}'],
      ['git_refs', '/git/refs{/sha}'],
      ['git_tags', '/git/tags{/sha}'],
      ['issue_comment', '/issues/comments{/number}'],
      ['issue_events', '/issues/events{/number}'],
      ['issues', '/issues{/number}'],
      ['keys', '/keys{/key_id}'],
      ['labels', '/labels{/name}'],
      ['languages', '/languages'],
      ['merges', '/merges'],
      ['milestones', '/milestones{/number}'],
      ['notifications', '/notifications{?since,all,participating}'],
      ['pulls', '/pulls{/number}'],
      ['releases', '/releases{/id}'],
      ['stargazers', '/stargazers'],
      ['statuses', '/statuses/{sha}'],
      ['subscribers', '/subscribers'],
      ['subscription', '/subscription'],
      ['tags', '/tags'],
      ['teams', '/teams'],
      ['trees', '/git/trees{/sha}'],
      ['hooks', '/hooks'],
    ].map(([k, path]) => [`${k}_url`, `${u}${path}`]),
  );
  return {
    id: r.id,
    node_id: Buffer.from(`010:Repository${r.id}`).toString('base64'),
    name: r.name,
    full_name: full,
    owner: s.render.orgUser(),
    private: r.private,
    html_url: `${WEB}/${full}`,
    description: r.description,
    fork: r.fork,
    url: u,
    ...urls,
  };
}

/** GitHub's `secret-scanning-alert` (+ `repository` on org/enterprise lists); `secret` only without hide_secret. */
function renderAlert(s: EmulatorState, a: GhSecretScanningAlertData, q: Query, withRepo: boolean) {
  const full = `${s.org}/${a.repo}`;
  const u = `${s.base}/repos/${full}/secret-scanning/alerts/${a.number}`;
  const repo = s.reposByName.get(a.repo.toLowerCase());
  return {
    number: a.number,
    created_at: a.created_at,
    updated_at: a.updated_at,
    url: u,
    html_url: `${WEB}/${full}/security/secret-scanning/${a.number}`,
    locations_url: `${u}/locations`,
    state: a.state,
    resolution: a.resolution,
    resolved_at: a.resolved_at,
    resolved_by: null,
    secret_type: a.secret_type,
    secret_type_display_name: a.secret_type_display_name,
    provider: a.provider,
    provider_slug: a.provider_slug,
    // Synthetic: the estate holds no secret values.
    ...(q.hide_secret === 'true' ? {} : { secret: `EXAMPLE-${a.secret_type}-${a.number}` }),
    ...(withRepo && repo ? { repository: simpleRepository(s, repo) } : {}),
    push_protection_bypassed: a.push_protection_bypassed,
    push_protection_bypassed_by: null,
    push_protection_bypassed_at: null,
    validity: a.validity,
    publicly_leaked: a.publicly_leaked,
    multi_repo: a.multi_repo,
    is_base64_encoded: false,
    first_location_detected: commitLocation(s, a),
    has_more_locations: false,
    assigned_to: null,
  };
}

function commitLocation(s: EmulatorState, a: GhSecretScanningAlertData): Record<string, unknown> {
  const git = `${s.base}/repos/${s.org}/${a.repo}/git`;
  return {
    path: a.path,
    start_line: a.line,
    end_line: a.line,
    start_column: 1,
    end_column: 41,
    blob_sha: a.blob_sha,
    blob_url: `${git}/blobs/${a.blob_sha}`,
    commit_sha: a.commit_sha,
    commit_url: `${git}/commits/${a.commit_sha}`,
  };
}

/** GitHub's list filters the connector and scanners use: `state`, `validity`, `secret_type` (comma lists). */
function matches(a: GhSecretScanningAlertData, q: Query): boolean {
  const has = (value: string | undefined, v: string) => !value || value.split(',').includes(v);
  return has(q.state, a.state) && has(q.validity, a.validity) && has(q.secret_type, a.secret_type);
}

function list(s: EmulatorState, request: FastifyRequest, reply: FastifyReply, repo: string | null) {
  const q = request.query as Query;
  const alerts = (s.data.secretScanningAlerts ?? []).filter((a) => (repo === null || a.repo === repo) && matches(a, q));
  // Newest first, as GitHub lists them.
  const sorted = [...alerts].sort((x, y) => y.created_at.localeCompare(x.created_at));
  return paged(s, request, reply, sorted, (a) => renderAlert(s, a, q, repo === null)).body;
}

function alertOf(s: EmulatorState, repo: GhRepoData, request: FastifyRequest): GhSecretScanningAlertData | undefined {
  const n = Number((request.params as { alert_number: string }).alert_number);
  return (s.data.secretScanningAlerts ?? []).find((a) => a.repo === repo.name && a.number === n);
}

/**
 * Secret scanning: the org, enterprise (the one that owns the org, with its only org's alerts) and repository alert lists, one alert, and its
 * locations (one commit each).
 */
export function registerSecretScanningRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/secret-scanning/alerts', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    return list(s, request, reply, null);
  });
  app.get('/enterprises/:enterprise/secret-scanning/alerts', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const slug = String((request.params as { enterprise: string }).enterprise).toLowerCase();
    if (!s.data.enterprise || s.data.enterprise.slug !== slug) return notFound(reply);
    return list(s, request, reply, null);
  });
  app.get('/repos/:owner/:repo/secret-scanning/alerts', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    return list(s, request, reply, repo.name);
  });
  app.get('/repos/:owner/:repo/secret-scanning/alerts/:alert_number', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    const found = repo && alertOf(s, repo, request);
    if (!found) return notFound(reply);
    return renderAlert(s, found, request.query as Query, false);
  });
  app.get('/repos/:owner/:repo/secret-scanning/alerts/:alert_number/locations', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    const found = repo && alertOf(s, repo, request);
    if (!found) return notFound(reply);
    return paged(s, request, reply, [found], (a) => ({ type: 'commit', details: commitLocation(s, a) })).body;
  });
}
