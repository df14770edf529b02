import { describe, expect, it } from 'vitest';
import { grantsOf as grantsOfDocument, type PolicyDocumentJson, permissionsFromGrants } from './policy.js';
import { analyzeTrust, parseTrustPolicy } from './trust.js';

/**
 * Policy documents as IAM would return them if a value were not a string (issue #12, item 11): only string actions,
 * resources and principals grant or trust; nothing is made up from a number or a null. Hand-written documents.
 */
/** The documents below are malformed on purpose: they do not fit the parser's input type. */
const grantsOf = (doc: unknown) => grantsOfDocument(doc as PolicyDocumentJson);
const grantNames = (doc: object) => grantsOf(doc).map((g) => `${g.nativeName} on ${g.resources.join(',')}`);

describe('policy documents with non-string values', () => {
  it('grants only the string actions of a statement; the numbers and nulls among them grant nothing', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: [5, null, 's3:GetObject', { a: 1 }], Resource: 'arn:aws:s3:::reports/*' }],
    };
    expect(grantNames(doc)).toEqual(['s3:GetObject on arn:aws:s3:::reports/*']);
  });

  it('a statement whose actions are all non-strings grants nothing (not "*", not "5")', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [5, null], Resource: '*' }] };
    expect(grantsOf(doc)).toEqual([]);
    expect(permissionsFromGrants([])).toEqual([]);
  });

  it('a statement without a string resource grants nothing; string resources among others still do', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: 7 },
        { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: [null, { Ref: 'x' }] },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: [42, 'arn:aws:sqs:us-east-1:111122223333:jobs'] },
      ],
    };
    expect(grantNames(doc)).toEqual(['sqs:SendMessage on arn:aws:sqs:us-east-1:111122223333:jobs']);
  });

  it('a NotAction with no string left is dropped, not read as "every action"', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: [5], Resource: '*' },
        { Effect: 'Allow', NotAction: ['iam:*', null], Resource: '*' },
      ],
    };
    expect(grantNames(doc)).toEqual(['NotAction:iam:* on *']);
  });

  it('non-object statements and a numeric Sid are ignored; the statement keeps no sid', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [null, 5, 'Allow', { Sid: 9, Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }],
    };
    expect(grantsOf(doc)).toEqual([
      {
        nativeName: 'ec2:DescribeInstances',
        actions: ['ec2:DescribeInstances'],
        notAction: false,
        resources: ['*'],
        conditional: false,
        sid: null,
      },
    ]);
  });
});

describe('trust documents with non-string values', () => {
  it('trusts only string principals: a number or null is not an account, and no cross-account trust is made up', () => {
    const trust = parseTrustPolicy({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: [444455556666, null, 'arn:aws:iam::111122223333:root'], Service: 5 },
          Action: ['sts:AssumeRole', 7],
        },
      ],
    });
    expect(trust).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'AWS', value: 'arn:aws:iam::111122223333:root' }],
        notPrincipal: false,
        conditions: [],
      },
    ]);
    expect(analyzeTrust(trust, '111122223333').externalAccounts).toEqual([]);
  });

  it('drops a statement whose Effect is not a string, and condition values that are not scalars', () => {
    const trust = parseTrustPolicy({
      Version: '2012-10-17',
      Statement: [
        { Effect: 1, Principal: '*', Action: 'sts:AssumeRole' },
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/api:*', null, { x: 1 }] },
            Bool: 'not-an-object',
          },
        },
      ],
    });
    expect(trust.map((s) => s.effect)).toEqual(['Allow']);
    expect(trust[0].conditions).toEqual([
      { operator: 'StringLike', key: 'token.actions.githubusercontent.com:sub', values: ['repo:acme/api:*'] },
    ]);
  });
});
