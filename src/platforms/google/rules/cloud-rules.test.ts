import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import type { Rule } from '../../../analysis/risk/types.js';
import type { IdentityInput } from '../../../model/index.js';
import { cloudFixtureIdentities } from '../fixtures/cloud.js';
import { NOW, viewsOf } from '../fixtures/index.js';
import { rule as defaultSaBroadRole } from './google-default-sa-broad-role.js';
import { rule as disabledSaActiveKeys } from './google-disabled-sa-active-keys.js';
import { rule as keyExposed } from './google-sa-key-exposed.js';
import { rule as keyNoExpiry } from './google-sa-key-no-expiry.js';
import { rule as keyNotRotated } from './google-sa-key-not-rotated.js';
import { rule as keyUnused } from './google-sa-key-unused.js';
import { rule as ownerEditor } from './google-sa-owner-editor.js';
import { rule as wifNoCondition } from './google-wif-provider-no-condition.js';

/** Rule inputs are the hand-written Cloud payloads through the real transforms (fixtures/cloud.ts). */
const hits = (rule: Rule, identities: IdentityInput[] = cloudFixtureIdentities(), thresholds = {}) =>
  evaluateViews(viewsOf(identities), { now: NOW, rules: [rule], thresholds }).map((h) => ({
    name: h.identity.name,
    evidence: h.evidence,
  }));
const names = (rule: Rule, identities?: IdentityInput[], thresholds = {}) =>
  hits(rule, identities, thresholds).map((h) => h.name);

const ETL = 'etl-runner@acme-prod.iam.gserviceaccount.com';
const LEGACY = 'legacy-sync@acme-prod.iam.gserviceaccount.com';
const COMPUTE = '482910374651-compute@developer.gserviceaccount.com';
const DEPLOYER = 'ci-deployer@acme-prod.iam.gserviceaccount.com';

/** The fixtures with one account's keys changed. */
function withKeys(
  email: string,
  change: (c: NonNullable<IdentityInput['credentials']>[number]) => object,
): IdentityInput[] {
  return cloudFixtureIdentities().map((i) =>
    i.name === email ? { ...i, credentials: (i.credentials ?? []).map((c) => ({ ...c, ...change(c) })) } : i,
  );
}

describe('google-sa-key-not-rotated', () => {
  it('fires on enabled keys older than 90 days (CIS GCP 1.7), not on younger or disabled ones', () => {
    expect(hits(keyNotRotated)).toEqual([
      {
        name: ETL,
        evidence: [
          {
            field: 'credentials[3f2e1d0c9b8a7f6e5d4c3b2a19081726].createdAt',
            value: '2025-06-01T09:30:00.000Z',
            source:
              'user-managed key 3f2e1d0c9b8a7f6e5d4c3b2a19081726 created 2025-06-01 (518 days ago, rotation period 90) per iam keys.list',
          },
        ],
      },
      {
        name: LEGACY,
        evidence: [expect.objectContaining({ field: 'credentials[9e8d7c6b5a49382716f5e4d3c2b1a090].createdAt' })],
      },
    ]);
  });

  it('a shorter configured rotationDays wins over 90', () => {
    expect(names(keyNotRotated, undefined, { rotationDays: 60 })).toEqual([ETL, LEGACY, DEPLOYER]);
    expect(
      names(
        keyNotRotated,
        withKeys(LEGACY, () => ({ enabled: false })),
      ),
    ).toEqual([ETL]);
  });
});

describe('google-sa-key-no-expiry', () => {
  it('fires on enabled keys valid until 9999-12-31 only', () => {
    expect(names(keyNoExpiry)).toEqual([ETL, LEGACY]);
    expect(hits(keyNoExpiry)[0].evidence).toEqual([
      {
        field: 'credentials[3f2e1d0c9b8a7f6e5d4c3b2a19081726].expiresAt',
        value: null,
        source:
          'user-managed key 3f2e1d0c9b8a7f6e5d4c3b2a19081726 valid until 9999-12-31 (no expiry) per iam keys.list',
      },
    ]);
  });
});

describe('google-sa-key-exposed', () => {
  it('fires on the enabled exposed key, not on the exposed key Google already disabled', () => {
    expect(hits(keyExposed)).toEqual([
      {
        name: DEPLOYER,
        evidence: [
          {
            field: 'credentials[5566778899aabbccddeeff0011223344].attributes.extendedStatus',
            value: ['SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED'],
            source:
              'key 5566778899aabbccddeeff0011223344 enabled with SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED per iam keys.list',
          },
        ],
      },
    ]);
    expect(
      names(
        keyExposed,
        withKeys(DEPLOYER, () => ({ enabled: false })),
      ),
    ).toEqual([]);
  });
});

describe('google-sa-key-unused', () => {
  it('fires on a key last used more than staleDays ago', () => {
    expect(hits(keyUnused)).toEqual([
      {
        name: LEGACY,
        evidence: [
          {
            field: 'credentials[9e8d7c6b5a49382716f5e4d3c2b1a090].lastUsedAt',
            value: '2025-01-10T07:00:00.000Z',
            source:
              'key 9e8d7c6b5a49382716f5e4d3c2b1a090 last authenticated 2025-01-10 (660 days ago, threshold 90) per Policy Analyzer serviceAccountKeyLastAuthentication',
          },
        ],
      },
    ]);
  });

  it('fires on a never-used key older than staleDays when usage is known, never when it is unknown', () => {
    const old = { createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: null };
    expect(
      names(
        keyUnused,
        withKeys(ETL, () => old),
      ),
    ).toEqual([ETL, LEGACY]);
    // acme-data's reporting key: Policy Analyzer not read there (lastUsedSource null) — silent however old.
    expect(
      names(
        keyUnused,
        withKeys('reporting@acme-data.iam.gserviceaccount.com', () => old),
      ),
    ).toEqual([LEGACY]);
  });
});

describe('google-sa-owner-editor', () => {
  it('fires on enabled accounts bound to roles/editor or roles/owner', () => {
    expect(names(ownerEditor)).toEqual([ETL, COMPUTE]);
    expect(hits(ownerEditor)[0].evidence).toEqual([
      {
        field: 'permissions[0]',
        value: 'roles/editor',
        source: 'roles/editor on projects/acme-prod per project IAM policy',
      },
    ]);
  });

  it('not on a disabled account', () => {
    const disabled = cloudFixtureIdentities().map((i) => (i.name === ETL ? { ...i, enabled: false } : i));
    expect(names(ownerEditor, disabled)).toEqual([COMPUTE]);
  });
});

describe('google-default-sa-broad-role', () => {
  it('fires on the Compute Engine default account with roles/editor, not on the App Engine one without roles', () => {
    expect(hits(defaultSaBroadRole)).toEqual([
      {
        name: COMPUTE,
        evidence: [
          {
            field: 'attributes.defaultServiceAccount',
            value: 'compute_engine',
            source: `${COMPUTE} is the compute engine default account`,
          },
          {
            field: 'permissions[0]',
            value: 'roles/editor',
            source: 'roles/editor on projects/acme-prod per project IAM policy',
          },
        ],
      },
    ]);
  });

  it('not on a non-default account with the same role', () => {
    const etl = cloudFixtureIdentities().filter((i) => i.name === ETL);
    expect(names(defaultSaBroadRole, etl)).toEqual([]);
  });
});

describe('google-disabled-sa-active-keys', () => {
  it('fires on the disabled account whose key is enabled', () => {
    expect(hits(disabledSaActiveKeys)).toEqual([
      {
        name: LEGACY,
        evidence: [
          { field: 'enabled', value: false, source: 'service account disabled per google inventory (service_account)' },
          {
            field: 'credentials[9e8d7c6b5a49382716f5e4d3c2b1a090].enabled',
            value: true,
            source: 'key 9e8d7c6b5a49382716f5e4d3c2b1a090 enabled per iam keys.list',
          },
        ],
      },
    ]);
  });

  it('not once its keys are disabled', () => {
    expect(
      names(
        disabledSaActiveKeys,
        withKeys(LEGACY, () => ({ enabled: false })),
      ),
    ).toEqual([]);
  });
});

describe('google-wif-provider-no-condition', () => {
  it('fires on the GitHub provider without an attribute condition, not on the pinned one', () => {
    expect(hits(wifNoCondition)).toEqual([
      {
        name: 'GitHub (any repo)',
        evidence: [
          {
            field: 'attributes.attributeCondition',
            value: null,
            source:
              "no attribute condition: any GitHub Actions workflow of anyone's repository can federate, per google inventory (workload_identity_provider)",
          },
        ],
      },
    ]);
  });

  it('not on a disabled provider', () => {
    const disabled = cloudFixtureIdentities().map((i) =>
      i.name === 'GitHub (any repo)' ? { ...i, enabled: false } : i,
    );
    expect(names(wifNoCondition, disabled)).toEqual([]);
  });
});
