import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Identity, Person } from '../../../model/index.js';
import { factsCheck } from '../../../sync/facts-check.js';
import { cleanOutcome, FUZZ, mutated } from '../../../testing/fuzz.js';
import { entraFacts } from '../facts.js';
import { APPLICATIONS } from '../fixtures/applications.js';
import {
  APP_ROLE_ASSIGNMENTS,
  FEDERATED_IDENTITY_CREDENTIALS,
  OAUTH2_PERMISSION_GRANTS,
  SIGN_IN_ACTIVITIES,
} from '../fixtures/relationships.js';
import { MICROSOFT_GRAPH } from '../fixtures/resources.js';
import { SERVICE_PRINCIPALS } from '../fixtures/service-principals.js';
import { TENANT, TENANT_ID } from '../fixtures/tenant.js';
import { USERS } from '../fixtures/users.js';
import { resourceInfo } from './app-role-assignments.js';
import { assembleIdentity } from './identity.js';
import { classifyServicePrincipal } from './service-principals.js';
import { transformUser } from './users.js';

const check = factsCheck(entraFacts, 'entra', TENANT);
const resources = new Map(
  SERVICE_PRINCIPALS.filter((s) => (s.appRoles?.length ?? 0) > 0).map((s) => [s.id, resourceInfo(s)]),
);
const homeAppIds = new Set(APPLICATIONS.map((a) => a.appId).filter((x): x is string => !!x));

/** What the sync sink does with a transform's output: the model schema, then the platform's facts. */
function sink(out: unknown): 'valid' | 'refused' {
  const r = Identity.safeParse(out);
  if (!r.success) return 'refused'; // the sink refuses it with an error naming the identity and the field
  check(r.data);
  return 'valid';
}

/** Everything one identity is assembled from, as a scan joins it (fixtures/index.ts), as one payload to mutate. */
const bundles = [
  ...APPLICATIONS.map((app) => ({
    app,
    sp: SERVICE_PRINCIPALS.find((sp) => sp.appId === app.appId) ?? null,
  })),
  ...SERVICE_PRINCIPALS.filter((sp) => !homeAppIds.has(sp.appId ?? '')).map((sp) => ({ app: null, sp })),
].map(({ app, sp }) => ({
  app,
  sp,
  federatedCredentials: app ? (FEDERATED_IDENTITY_CREDENTIALS[app.id] ?? []) : [],
  appRoleAssignments: sp ? (APP_ROLE_ASSIGNMENTS[sp.id] ?? []) : [],
  grants: sp ? OAUTH2_PERMISSION_GRANTS.filter((g) => g.clientId === sp.id) : [],
  signIn: SIGN_IN_ACTIVITIES.find((a) => a.appId === (app?.appId ?? sp?.appId)) ?? null,
}));
type Bundle = (typeof bundles)[number];

function assemble(b: Bundle) {
  const sp = b.sp;
  return assembleIdentity({
    tenant: TENANT,
    application: b.app,
    servicePrincipal: sp,
    spClass: sp ? classifyServicePrincipal(sp, TENANT_ID, homeAppIds) : null,
    appOwners: b.app?.owners ?? [],
    spOwners: sp?.owners ?? [],
    federatedCredentials: b.federatedCredentials,
    appRoleAssignments: b.appRoleAssignments,
    grants: b.grants,
    resources,
    userLookup: (id) => USERS.find((u) => u.id === id),
    signIn: b.signIn ?? undefined,
    signInTracked: true,
  });
}

describe('Entra transforms fuzz (mutated fixtures: a valid identity, a refusal by the sink, or a clear Error)', () => {
  it('application + service principal + relationships → identity', () => {
    expect(bundles.length).toBeGreaterThan(4);
    for (const b of bundles) expect(sink(assemble(b))).toBe('valid');
    fc.assert(
      fc.property(
        fc.constantFrom(...bundles).chain((b) => mutated(b)),
        (b) => {
          cleanOutcome(() => sink(assemble(b)));
        },
      ),
      { ...FUZZ, numRuns: 400 },
    );
  });

  it('users → people', () => {
    for (const u of USERS) expect(Person.safeParse(transformUser(TENANT, u)).success).toBe(true);
    fc.assert(
      fc.property(
        fc.constantFrom(...USERS).chain((u) => mutated(u)),
        (u) => {
          cleanOutcome(() => Person.safeParse(transformUser(TENANT, u)));
        },
      ),
      FUZZ,
    );
  });

  it('resource service principals → app role tables', () => {
    fc.assert(
      fc.property(mutated(MICROSOFT_GRAPH), (sp) => {
        cleanOutcome(() => resourceInfo(sp));
      }),
      FUZZ,
    );
  });

  it('a malformed payload fails with one line naming the Graph object', () => {
    const b = bundles[0];
    const app = { ...b.app, passwordCredentials: 5 } as unknown as NonNullable<Bundle['app']>;
    expect(() => assemble({ ...b, app })).toThrow(
      new RegExp(`^Entra application ${b.app?.id}: malformed API payload \\(.*not iterable`),
    );
  });
});
