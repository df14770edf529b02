/** The kinds of GitHub Apps an org installs (permissions, events) and real-world-like vendors publishing them. */
export interface AppArchetype {
  kind: string;
  permissions: Record<string, string>;
  events: string[];
}
export const ARCHETYPES: AppArchetype[] = [
  {
    kind: 'ci',
    permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'write', statuses: 'write' },
    events: ['push', 'pull_request', 'check_suite'],
  },
  {
    kind: 'security',
    permissions: { contents: 'read', metadata: 'read', security_events: 'write', vulnerability_alerts: 'read' },
    events: ['push', 'repository'],
  },
  {
    kind: 'deploy',
    permissions: {
      contents: 'write',
      deployments: 'write',
      metadata: 'read',
      workflows: 'write',
      environments: 'read',
    },
    events: ['push', 'deployment', 'workflow_run'],
  },
  {
    kind: 'chatops',
    permissions: { issues: 'write', metadata: 'read', pull_requests: 'read' },
    events: ['issues', 'issue_comment', 'pull_request'],
  },
  {
    kind: 'deps',
    permissions: { contents: 'write', metadata: 'read', pull_requests: 'write', workflows: 'write', checks: 'read' },
    events: ['push', 'pull_request'],
  },
  {
    kind: 'backup',
    permissions: { administration: 'read', contents: 'read', issues: 'read', metadata: 'read', pull_requests: 'read' },
    events: [],
  },
  {
    kind: 'governance',
    permissions: { administration: 'write', members: 'write', metadata: 'read', organization_administration: 'write' },
    events: ['member', 'organization', 'repository'],
  },
  {
    kind: 'secrets-sync',
    permissions: { metadata: 'read', secrets: 'write', organization_secrets: 'write', environments: 'write' },
    events: [],
  },
  { kind: 'docs', permissions: { contents: 'read', metadata: 'read', pages: 'write' }, events: ['push'] },
];
export const ARCHETYPE_WEIGHTS: Array<readonly [number, number]> = [
  [0, 22],
  [1, 14],
  [2, 10],
  [3, 16],
  [4, 10],
  [5, 6],
  [6, 4],
  [7, 5],
  [8, 13],
];
export const VENDORS: Array<{
  slug: string;
  name: string;
  owner: string;
  archetype: number;
  ownerType: 'Organization' | 'User';
}> = [
  { slug: 'allstar-policy', name: 'Allstar', owner: 'ossf', archetype: 6, ownerType: 'Organization' },
  { slug: 'actions-secret-sync', name: 'Actions Secret Sync', owner: 'ops-hacker', archetype: 7, ownerType: 'User' },
  { slug: 'circleci-checks', name: 'CircleCI Checks', owner: 'circleci', archetype: 0, ownerType: 'Organization' },
  { slug: 'snyk-security', name: 'Snyk Security', owner: 'snyk', archetype: 1, ownerType: 'Organization' },
  { slug: 'slack', name: 'Slack', owner: 'integrations', archetype: 3, ownerType: 'Organization' },
  { slug: 'renovate', name: 'Renovate', owner: 'mend', archetype: 4, ownerType: 'Organization' },
  { slug: 'codecov', name: 'Codecov', owner: 'codecov', archetype: 0, ownerType: 'Organization' },
  { slug: 'linear', name: 'Linear', owner: 'linear', archetype: 3, ownerType: 'Organization' },
  { slug: 'vercel', name: 'Vercel', owner: 'vercel', archetype: 2, ownerType: 'Organization' },
  { slug: 'backhub', name: 'BackHub', owner: 'backhub-io', archetype: 5, ownerType: 'Organization' },
  { slug: 'sonarcloud', name: 'SonarCloud', owner: 'SonarSource', archetype: 1, ownerType: 'Organization' },
  { slug: 'netlify', name: 'Netlify', owner: 'netlify', archetype: 8, ownerType: 'Organization' },
  { slug: 'doppler-sync', name: 'Doppler Secrets Sync', owner: 'DopplerHQ', archetype: 7, ownerType: 'Organization' },
  { slug: 'pr-auto-merger', name: 'PR Auto Merger', owner: 'kmiller-dev', archetype: 4, ownerType: 'User' },
  { slug: 'repo-settings-bot', name: 'Repo Settings Bot', owner: 'jdoe42', archetype: 6, ownerType: 'User' },
  { slug: 'standup-reporter', name: 'Standup Reporter', owner: 'tinkerer-ai', archetype: 3, ownerType: 'User' },
];
