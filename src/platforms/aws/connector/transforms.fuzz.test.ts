import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Edge, Identity, Person } from '../../../model/index.js';
import { factsCheck } from '../../../sync/facts-check.js';
import { cleanOutcome, FUZZ, mutated, oddString } from '../../../testing/fuzz.js';
import { awsFacts } from '../facts.js';
import { accessKeys } from '../fixtures/access-keys.js';
import { groups, roles, users } from '../fixtures/authorization-details.js';
import { credentialReportCsv } from '../fixtures/credential-report.js';
import { FIXTURE_ACCOUNT, FIXTURE_NOW } from '../fixtures/index.js';
import { managedPolicies } from '../fixtures/policies.js';
import { signingCertificates } from '../fixtures/signing-certificates.js';
import { sshKeys } from '../fixtures/ssh-keys.js';
import { accessKeyCredential, lastUseFromReport } from './access-keys.js';
import type { TransformContext } from './context.js';
import { parseCredentialReport } from './credential-report.js';
import { indexGroups } from './groups.js';
import { indexPolicies } from './managed-policies.js';
import { transformRole } from './roles.js';
import { transformRoot } from './root.js';
import { signingCertificateCredential } from './signing-certificates.js';
import { sshKeyCredential } from './ssh-keys.js';
import { transformHumanUser, transformUser } from './users.js';

const check = factsCheck(awsFacts, 'aws', FIXTURE_ACCOUNT);
const context = (policies = managedPolicies, groupList = groups): TransformContext => ({
  tenant: FIXTURE_ACCOUNT,
  accountId: FIXTURE_ACCOUNT,
  now: FIXTURE_NOW,
  staleDays: 90,
  policies: indexPolicies(policies),
  groups: indexGroups(groupList),
});
const ctx = context();
const report = new Map(parseCredentialReport(credentialReportCsv).map((r) => [r.user, r]));

/** What the sync sink does with a transform's output: the model schema, then the platform's facts. */
function sink(out: unknown): 'valid' | 'refused' {
  const r = Identity.safeParse(out);
  if (!r.success) return 'refused'; // the sink refuses it with an error naming the identity and the field
  check(r.data);
  return 'valid';
}

function user(u: (typeof users)[number], c: TransformContext = ctx) {
  const name = typeof u.UserName === 'string' ? u.UserName : '';
  const keys = accessKeys[name]?.AccessKeyMetadata ?? [];
  const row = report.get(name);
  const lastUse = lastUseFromReport(keys, row);
  return transformUser(
    u,
    row,
    keys.map((k, n) => accessKeyCredential(FIXTURE_ACCOUNT, k, lastUse[n])),
    c,
  );
}

describe('AWS transforms fuzz (mutated fixtures: a valid identity, a refusal by the sink, or a clear Error)', () => {
  it('IAM users (GetAccountAuthorizationDetails)', () => {
    for (const u of users) expect(cleanOutcome(() => sink(user(u)))).toBeDefined();
    fc.assert(
      fc.property(
        fc.constantFrom(...users).chain((u) => mutated(u)),
        (u) => {
          cleanOutcome(() => sink(user(u)));
          cleanOutcome(() => Person.safeParse(transformHumanUser(u, undefined, FIXTURE_ACCOUNT)));
        },
      ),
      FUZZ,
    );
  });

  it('IAM roles with trust and inline policies', () => {
    for (const r of roles) expect(cleanOutcome(() => transformRole(r, ctx))).toBeDefined();
    fc.assert(
      fc.property(
        fc.constantFrom(...roles).chain((r) => mutated(r)),
        (r) => {
          cleanOutcome(() => {
            const out = transformRole(r, ctx);
            for (const e of out.edges) Edge.safeParse(e);
            return out.identity ? sink(out.identity) : null;
          });
        },
      ),
      FUZZ,
    );
  });

  it('managed policies and groups as the context users are evaluated in', () => {
    fc.assert(
      fc.property(mutated(managedPolicies), mutated(groups), (policies, groupList) => {
        const c = cleanOutcome(() => context(policies, groupList));
        if (c) for (const u of users) cleanOutcome(() => sink(user(u, c)));
      }),
      { ...FUZZ, numRuns: 100 },
    );
  });

  it('access keys', () => {
    const keys = Object.values(accessKeys).flatMap((r) => r.AccessKeyMetadata ?? []);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys).chain((k) => mutated(k)),
        (k) => {
          cleanOutcome(() => accessKeyCredential(FIXTURE_ACCOUNT, k, null));
        },
      ),
      FUZZ,
    );
  });

  it('SSH public keys and signing certificates, on a user the sink checks', () => {
    const [u] = users;
    const keys = Object.values(sshKeys).flatMap((r) => r.SSHPublicKeys ?? []);
    const certs = Object.values(signingCertificates).flatMap((r) => r.Certificates ?? []);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys).chain((k) => mutated(k)),
        fc.constantFrom(...certs).chain((c) => mutated(c)),
        (k, c) => {
          cleanOutcome(() =>
            sink(
              transformUser(
                u,
                report.get(u.UserName ?? ''),
                [sshKeyCredential(FIXTURE_ACCOUNT, k), signingCertificateCredential(FIXTURE_ACCOUNT, c)],
                ctx,
              ),
            ),
          );
        },
      ),
      FUZZ,
    );
  });

  it('credential report CSV (mutated cells) → root identity', () => {
    const lines = credentialReportCsv.trimEnd().split('\n');
    const csv = fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 21 }), oddString).map(([row, col, value]) =>
      lines
        .map((l, n) =>
          n === row
            ? l
                .split(',')
                .map((c, m) => (m === col ? value : c))
                .join(',')
            : l,
        )
        .join('\n'),
    );
    fc.assert(
      fc.property(csv, (text) => {
        const rows = cleanOutcome(() => parseCredentialReport(text)) ?? [];
        for (const r of rows) if (r.isRoot) cleanOutcome(() => sink(transformRoot(r, ctx)));
      }),
      FUZZ,
    );
  });

  it('a malformed payload fails with one line naming the IAM object', () => {
    const u = { ...users[0], AttachedManagedPolicies: [null] } as unknown as (typeof users)[number];
    expect(() => user(u)).toThrow(
      new RegExp(`^AWS IAM user ${users[0].UserName}: malformed API payload \\(Cannot read properties of null`),
    );
  });
});
