import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from './credential-report.js';
import { decodePolicyDocument, grantsOf, permissionsFromGrants } from './policy.js';
import { accessKeyCredential, matchReportKey } from './access-keys.js';
import { signingCertificateCredential } from './signing-certificates.js';
import { analyzeTrust, parseTrustPolicy } from './trust.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../emulator/credential-report.js';
import { corporaDir } from '../../../testing/corpora.js';

/** The parsers run on AWS's own documented examples (botocore) and the credential-report sample. */
const corpora = corporaDir();
const dir = join(corpora, 'aws-iam-botocore-models');
const examples = JSON.parse(readFileSync(join(dir, 'iam-2010-05-08.nhi-subset.examples-1.json'), 'utf8'))
  .examples as Record<string, Array<{ input?: Record<string, unknown>; output?: Record<string, unknown> }>>;
const model = JSON.parse(readFileSync(join(dir, 'iam-2010-05-08.nhi-subset.service-2.json'), 'utf8')) as {
  metadata: { xmlNamespace: string };
  shapes: Record<string, { members?: Record<string, unknown>; enum?: string[] }>;
};
const csv = readFileSync(join(dir, 'credential-report-samples', 'synthetic-credential-report.csv'), 'utf8');

describe('AWS IAM parsers on botocore examples', () => {
  it('parses the UpdateAssumeRolePolicy example trust policy', () => {
    const doc = examples.UpdateAssumeRolePolicy[0].input!.PolicyDocument as string;
    const trust = parseTrustPolicy(doc);
    expect(trust).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', value: 'ec2.amazonaws.com' }],
        notPrincipal: false,
        conditions: [],
      },
    ]);
    const a = analyzeTrust(trust, '123456789012');
    expect(a.services).toEqual(['ec2.amazonaws.com']);
    expect(a.crossAccountWithoutExternalId).toBe(false);
    // The same document URL-encoded, as GetRole returns it.
    expect(parseTrustPolicy(encodeURIComponent(doc))).toEqual(trust);
  });

  it('fails clearly on the GetRole example placeholder instead of guessing', () => {
    const doc = (examples.GetRole[0].output!.Role as { AssumeRolePolicyDocument: string }).AssumeRolePolicyDocument;
    expect(() => decodePolicyDocument(doc)).toThrow();
  });

  it('turns the ListSigningCertificates example into a certificate credential (the body is not kept)', () => {
    const [cert] = examples.ListSigningCertificates[0].output!.Certificates as Array<{
      CertificateBody: string;
      CertificateId: string;
      Status: 'Active' | 'Inactive';
      UploadDate: string;
      UserName: string;
    }>;
    const c = signingCertificateCredential('123456789012', { ...cert, UploadDate: new Date(cert.UploadDate) });
    expect([c.id, c.type, c.createdAt, c.enabled, c.name]).toEqual([
      'aws:123456789012:signing_certificate:TA7SMP42TDN5Z26OBPJE7EXAMPLE',
      'certificate',
      '2013-06-06T21:40:08.000Z',
      true,
      'TA7SMP42TDN5Z26OBPJE7EXAMPLE',
    ]);
    expect(JSON.stringify(c)).not.toContain('BEGIN CERTIFICATE');
  });

  it('turns the ListAccessKeys example into credentials', () => {
    const keys = (
      examples.ListAccessKeys[0].output!.AccessKeyMetadata as Array<{
        AccessKeyId: string;
        CreateDate: string;
        Status: 'Active' | 'Inactive';
        UserName: string;
      }>
    ).map((k) => ({ ...k, CreateDate: new Date(k.CreateDate) }));
    const creds = keys.map((k) => accessKeyCredential('123456789012', k, null));
    expect(creds.map((c) => [c.id, c.createdAt, c.enabled])).toEqual([
      ['aws:123456789012:access_key:AKIA111111111EXAMPLE', '2016-12-01T22:19:58.000Z', true],
      ['aws:123456789012:access_key:AKIA222222222EXAMPLE', '2016-12-01T22:20:01.000Z', true],
    ]);
  });

  it('classifies AdministratorAccess-like and escalation documents', () => {
    const perms = permissionsFromGrants([
      ...grantsOf(
        decodePolicyDocument('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'),
      ).map((grant) => ({
        grant,
        source: 'managed:AdministratorAccess',
        policyName: 'AdministratorAccess',
        policyArn: null,
      })),
      ...grantsOf(
        decodePolicyDocument({
          Statement: [
            { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction'], Resource: '*' },
            { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
          ],
        }),
      ).map((grant) => ({ grant, source: 'inline:x', policyName: 'x', policyArn: null })),
    ]);
    expect(perms.map((p) => [p.nativeName, p.access, p.pathToAdmin])).toEqual([
      ['*', 'admin', false],
      ['iam:PassRole', 'write', true],
      ['lambda:CreateFunction', 'write', false],
    ]);
  });
});

describe('credential report sample', () => {
  const rows = parseCredentialReport(csv);

  it('has the documented columns, which the emulator writes in the same order', () => {
    expect(csv.split('\n')[0].split(',')).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
  });

  it('parses root, service, console and legacy rows by header', () => {
    expect(rows.map((r) => r.user)).toEqual([
      '<root_account>',
      'svc-billing-sync',
      'alice.admin',
      'legacy-ci-deployer',
    ]);
    const [root, svc, alice, legacy] = rows;
    expect(root).toMatchObject({ isRoot: true, passwordEnabled: null, mfaActive: true, keys: [] });
    expect(svc.keys.map((k) => [k.slot, k.active, k.lastUsedDate, k.lastUsedService])).toEqual([
      [1, true, '2026-11-20T03:15:00.000Z', 's3'],
      [2, true, null, null],
    ]);
    expect(alice).toMatchObject({
      passwordEnabled: true,
      passwordLastUsed: '2026-11-19T17:45:10.000Z',
      mfaActive: true,
      keys: [],
    });
    expect(legacy.keys.map((k) => [k.slot, k.active, k.lastRotated])).toEqual([
      [1, true, '2018-11-20T12:00:05.000Z'],
      [2, false, '2019-05-01T00:00:00.000Z'],
    ]);
    expect(legacy.certificates).toEqual([{ slot: 1, active: true, lastRotated: '2022-03-03T03:03:03.000Z' }]);
  });

  it('matches report keys to ListAccessKeys by creation time', () => {
    const legacy = rows[3];
    const keys = [
      { AccessKeyId: 'AKIAOLD', CreateDate: new Date('2019-05-01T00:00:00Z'), Status: 'Inactive' as const },
      { AccessKeyId: 'AKIANEW', CreateDate: new Date('2018-11-20T12:00:05Z'), Status: 'Active' as const },
    ];
    expect(matchReportKey(keys[0], 0, keys, legacy.keys)?.slot).toBe(2);
    expect(matchReportKey(keys[1], 1, keys, legacy.keys)?.slot).toBe(1);
    expect(
      matchReportKey({ AccessKeyId: 'AKIAX', CreateDate: new Date('2020-01-01T00:00:00Z') }, 0, keys, legacy.keys),
    ).toBeNull();
  });

  it('the model agrees with the emulator on names the connector relies on', () => {
    expect(model.metadata.xmlNamespace).toBe('https://iam.amazonaws.com/doc/2010-05-08/');
    expect(Object.keys(model.shapes.RoleDetail.members!)).toEqual(
      expect.arrayContaining([
        'AssumeRolePolicyDocument',
        'RoleLastUsed',
        'Tags',
        'AttachedManagedPolicies',
        'RolePolicyList',
      ]),
    );
    expect(Object.keys(model.shapes.UserDetail.members!)).toEqual(
      expect.arrayContaining(['UserPolicyList', 'GroupList', 'AttachedManagedPolicies', 'Tags']),
    );
    expect(model.shapes.EntityType.enum).toEqual(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
  });
});
