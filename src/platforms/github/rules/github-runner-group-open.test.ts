import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import type { IdentityInput } from '../../../model/index.js';
import { view } from '../../../testing/views.js';
import * as runnerGroups from '../connector/runner-groups.js';
import { FIXTURE_NOW, FIXTURE_ORG, fixtureIdentities } from '../fixtures/index.js';
import { inheritedPrivateOnlyGroup, openDefaultGroup, selectedDeployGroup } from '../fixtures/runner-groups.js';
import { rule } from './github-runner-group-open.js';

/** Inputs come only from the connector's transform on the hand-written payloads in ../fixtures/runner-groups.ts. */
const ctx = { org: FIXTURE_ORG };
const hits = (identities: IdentityInput[]) =>
  evaluateViews(
    identities.map((i) => view(i)),
    { now: FIXTURE_NOW, rules: [rule] },
  );

describe('github-runner-group-open', () => {
  it('fires on a group visible to all repositories that allows public ones, with both facts as evidence', () => {
    expect(hits(fixtureIdentities()).map((h) => h.identity.id)).toEqual(['github:acme-corp:runner_group:1']);
    const [hit] = hits([runnerGroups.transform(openDefaultGroup, ctx)]);
    expect(hit.evidence).toEqual([
      {
        field: 'attributes.visibility',
        value: 'all',
        source: 'runner group visibility per github inventory (runner_group)',
      },
      {
        field: 'attributes.allowsPublicRepositories',
        value: 'true',
        source: 'runner group allows_public_repositories per github inventory (runner_group)',
      },
    ]);
  });

  it('stays silent when the group is limited to selected repositories or private ones', () => {
    expect(hits([runnerGroups.transform(selectedDeployGroup, ctx)])).toEqual([]);
    expect(hits([runnerGroups.transform(inheritedPrivateOnlyGroup, ctx)])).toEqual([]);
    const privateVisibility = runnerGroups.transform({ ...openDefaultGroup, visibility: 'private' }, ctx);
    expect(hits([privateVisibility])).toEqual([]);
  });
});

describe('runner group transform', () => {
  it('keeps the group facts GitHub reports, under their typed names', () => {
    expect(runnerGroups.transform(selectedDeployGroup, ctx)).toMatchObject({
      id: 'github:acme-corp:runner_group:4',
      kind: 'workload_identity',
      nativeType: 'runner_group',
      name: 'prod-deploy',
      attributes: {
        visibility: 'selected',
        allowsPublicRepositories: true,
        restrictedToWorkflows: true,
        selectedWorkflows: ['acme-corp/api/.github/workflows/deploy.yml@refs/heads/main'],
        isDefault: false,
        inherited: false,
      },
      credentials: [],
      permissions: [],
    });
  });

  it('refuses a group without an id or with an undocumented visibility (the source quarantines it)', () => {
    expect(() => runnerGroups.transform({ ...openDefaultGroup, id: undefined as never }, ctx)).toThrow(/without id/);
    expect(() => runnerGroups.transform({ ...openDefaultGroup, visibility: 'everyone' }, ctx)).toThrow(
      /visibility "everyone" is not documented/,
    );
  });
});
