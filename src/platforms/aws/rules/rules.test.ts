import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import type { Rule } from '../../../analysis/risk/types.js';
import type { IdentityInput } from '../../../model/index.js';
import { view } from '../../../testing/views.js';
import { FIXTURE_NOW, fixtureIdentities, fixtureRootWithoutActiveKey } from '../fixtures/index.js';
import { rule as adminUserAccessKey } from './aws-admin-user-access-key.js';
import { rule as crossAccountNoExternalId } from './aws-cross-account-no-external-id.js';
import { rule as oidcTrustWithoutSub } from './aws-oidc-trust-without-sub.js';
import { rule as privilegeEscalation } from './aws-privilege-escalation.js';
import { rule as rootAccessKey } from './aws-root-access-key.js';
import { rule as serviceCredentialNoExpiry } from './aws-service-credential-no-expiry.js';
import { rule as unusedPermissions } from './aws-unused-permissions.js';
import { rule as unusedServices } from './aws-unused-services.js';

/**
 * Each AWS rule on exactly what the connector's transforms emit for the hand-written IAM payloads in ../fixtures
 * (GetAccountAuthorizationDetails, the credential report CSV, ListAccessKeys).
 */
const byName = (name: string): IdentityInput => {
  const found = fixtureIdentities().find((i) => i.name === name);
  if (!found) throw new Error(`no fixture identity ${name}`);
  return found;
};
const hits = (rule: Rule, inputs: IdentityInput[]) =>
  evaluateViews(
    inputs.map((i) => view(i)),
    { now: FIXTURE_NOW, rules: [rule] },
  );
const firing = (rule: Rule, inputs: IdentityInput[] = fixtureIdentities()) =>
  hits(rule, inputs)
    .map((h) => h.identity.name)
    .sort();

describe('aws-root-access-key', () => {
  it('fires on the root user whose report row shows an active key', () => {
    const [hit] = hits(rootAccessKey, [byName('root')]);
    expect(hit.evidence).toEqual([
      {
        field: 'credentials[0] (root access key 1)',
        value: 'aws:111122223333:root:111122223333:access_key_1',
        source: 'active root access key created 2020-07-01 per credential report',
      },
    ]);
  });

  it('does not fire once the root key is deactivated, nor on IAM users with active keys', () => {
    expect(firing(rootAccessKey, [fixtureRootWithoutActiveKey()])).toEqual([]);
    expect(firing(rootAccessKey)).toEqual(['root']);
  });
});

describe('aws-admin-user-access-key', () => {
  it('fires on the user with AdministratorAccess attached and an active key', () => {
    const [hit] = hits(adminUserAccessKey, [byName('ci-deployer')]);
    expect(hit.evidence.map((e) => e.value)).toEqual(['* on *', 'aws:111122223333:access_key:AKIACIDEPLOY00017Q3Z']);
    expect(hit.evidence[0].source).toBe('admin policy per managed:AdministratorAccess');
  });

  it('does not fire on an admin whose only key is inactive, on root, or on non-admins with keys', () => {
    expect(firing(adminUserAccessKey, [byName('break-glass'), byName('root'), byName('reporting-bot')])).toEqual([]);
    expect(firing(adminUserAccessKey)).toEqual(['ci-deployer']);
  });
});

describe('aws-oidc-trust-without-sub', () => {
  it('fires on the role trusting GitHub OIDC with only an aud condition', () => {
    const [hit] = hits(oidcTrustWithoutSub, [byName('github-any-repo')]);
    expect(hit.evidence).toEqual([
      {
        field: 'attributes.trustPolicy',
        value: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        source:
          'trust statement without a condition on token.actions.githubusercontent.com:sub (conditions: token.actions.githubusercontent.com:aud) per IAM GetRole',
      },
    ]);
  });

  it('does not fire on a GitHub trust with a sub condition, nor on service or account trusts', () => {
    expect(firing(oidcTrustWithoutSub, [byName('github-deploy'), byName('lambda-deployer')])).toEqual([]);
    expect(firing(oidcTrustWithoutSub)).toEqual(['github-any-repo', 'github-wildcard']);
  });

  it('fires on a sub pattern whose owner is a wildcard (StringLike repo:*)', () => {
    const [hit] = hits(oidcTrustWithoutSub, [byName('github-wildcard')]);
    expect(hit.evidence).toEqual([
      {
        field: 'attributes.trustPolicy',
        value: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        source:
          'trust statement whose token.actions.githubusercontent.com:sub patterns match any repository owner (StringLike repo:*) per IAM GetRole',
      },
    ]);
  });

  it('does not fire on a trust pinned by the 2026 provider-specific repository_id claim, nor on an EKS IRSA trust', () => {
    expect(firing(oidcTrustWithoutSub, [byName('github-repo-id'), byName('eks-orders')])).toEqual([]);
  });
});

describe('aws-cross-account-no-external-id', () => {
  it('fires on the role trusting another account without sts:ExternalId', () => {
    const [hit] = hits(crossAccountNoExternalId, [byName('vendor-audit')]);
    expect(hit.evidence.map((e) => [e.value, e.source])).toEqual([
      [
        'arn:aws:iam::999988887777:root',
        'trusted by another account (own account 111122223333) with no sts:ExternalId condition per IAM GetRole',
      ],
    ]);
  });

  it('does not fire with an ExternalId condition, nor on a trust of the own account', () => {
    expect(firing(crossAccountNoExternalId, [byName('vendor-backup'), byName('ops-jump')])).toEqual([]);
    expect(firing(crossAccountNoExternalId)).toEqual(['vendor-audit']);
  });
});

describe('aws-privilege-escalation', () => {
  it('fires on iam:CreateAccessKey on * and on iam:PassRole with lambda:CreateFunction', () => {
    expect(firing(privilegeEscalation)).toEqual(['lambda-deployer', 'legacy-sync']);
    const [hit] = hits(privilegeEscalation, [byName('lambda-deployer')]);
    expect(hit.evidence).toEqual([
      {
        field: 'permissions[0]',
        value: 'iam:PassRole on *',
        source: 'escalation path to admin per inline:deploy-functions',
      },
    ]);
  });

  it('does not fire on plain admins (AdministratorAccess, root) nor on read-only grants', () => {
    expect(firing(privilegeEscalation, [byName('ci-deployer'), byName('root'), byName('vendor-audit')])).toEqual([]);
  });
});

describe('aws-service-credential-no-expiry', () => {
  it('fires on a Bedrock API key without ExpirationDate and on a CodeCommit password older than rotationDays', () => {
    expect(hits(serviceCredentialNoExpiry, [byName('reporting-bot')])[0].evidence).toEqual([
      {
        field: 'credentials[2] (reporting-bot+1a2b3c4d).expiresAt',
        value: null,
        source:
          'active bedrock.amazonaws.com API key created 2026-09-01 without an ExpirationDate per IAM ListServiceSpecificCredentials',
      },
    ]);
    expect(hits(serviceCredentialNoExpiry, [byName('legacy-sync')])[0].evidence).toEqual([
      {
        field: 'credentials[1] (legacy-sync-at-111122223333).createdAt',
        value: '2025-03-01T10:00:00.000Z',
        source:
          'active codecommit.amazonaws.com credential 609 days old (maximum 365) per IAM ListServiceSpecificCredentials',
      },
    ]);
  });

  it('does not fire on a Bedrock key with an expiry, an inactive old password, or access keys alone', () => {
    expect(firing(serviceCredentialNoExpiry, [byName('ci-deployer'), byName('ops-console')])).toEqual([]);
    expect(firing(serviceCredentialNoExpiry)).toEqual(['legacy-sync', 'reporting-bot']);
  });
});

describe('aws-unused-permissions', () => {
  it('fires on the role Access Analyzer reports unused and on the user with unused permissions', () => {
    expect(hits(unusedPermissions, [byName('vendor-backup')])[0].evidence).toEqual([
      {
        field: 'attributes.unusedAccess.findingTypes',
        value: 'UnusedIAMRole',
        source:
          'the role was not used at all for more than 90 days per an ACTIVE IAM Access Analyzer UnusedIAMRole finding (ListFindingsV2)',
      },
    ]);
    expect(hits(unusedPermissions, [byName('unused-etl')])[0].evidence.map((e) => e.value)).toEqual([
      'UnusedPermission',
    ]);
  });

  it('does not fire on an ARCHIVED finding, an unused access key alone, or without an analyzer (facts null)', () => {
    // ci-deployer: its only finding is ARCHIVED; every other principal has none.
    expect(firing(unusedPermissions)).toEqual(['unused-etl', 'vendor-backup']);
    const keyOnly = byName('unused-etl');
    const attributes = {
      ...(keyOnly.attributes as object),
      unusedAccess: { unusedAccessAge: 90, findingTypes: ['UnusedIAMUserAccessKey'] },
    };
    expect(firing(unusedPermissions, [{ ...keyOnly, attributes }])).toEqual([]);
    const noAnalyzer = { ...(byName('vendor-backup').attributes as object), unusedAccess: null };
    expect(firing(unusedPermissions, [{ ...byName('vendor-backup'), attributes: noAnalyzer }])).toEqual([]);
  });
});

describe('aws-unused-services', () => {
  it('fires on the role and the user whose last-accessed report shows allowed services unused for 90 days', () => {
    // vendor-backup: dynamodb never, kms 184 days ago, s3 2 days ago (fixtures/service-last-accessed.ts).
    expect(hits(unusedServices, [byName('vendor-backup')])[0].evidence).toEqual([
      {
        field: 'attributes.servicesLastAccessed.services',
        value: 'dynamodb,kms',
        source:
          '2 of 3 allowed services not used for 90 days or more (dynamodb, kms) per IAM GetServiceLastAccessedDetails of 2026-11-01',
      },
    ]);
    expect(hits(unusedServices, [byName('unused-etl')])[0].evidence.map((e) => e.value)).toEqual(['sts']);
    expect(firing(unusedServices)).toEqual(['unused-etl', 'vendor-backup']);
  });

  it('does not fire on recent use (paged report), a principal younger than 90 days, or with the option off', () => {
    // ci-deployer: iam and s3 used within a week, over two pages; lambda-deployer: all used within 12 days.
    expect(firing(unusedServices, [byName('ci-deployer'), byName('lambda-deployer')])).toEqual([]);
    const young = { ...byName('vendor-backup'), createdAt: '2026-09-01T00:00:00Z' };
    expect(firing(unusedServices, [young])).toEqual([]);
    const off = { ...(byName('vendor-backup').attributes as object), servicesLastAccessed: null };
    expect(firing(unusedServices, [{ ...byName('vendor-backup'), attributes: off }])).toEqual([]);
  });
});
