import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../testing/store.js';
import { fixedClock } from '../../../lib/clock.js';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import { awsAccountSizes, type AwsEstateData, type AwsIdentityLabel } from '../estate/index.js';
import { startAwsEmulator, type AwsEmulator } from '../emulator/index.js';
import { listIdentityViews } from '../../../store/index.js';
import { runSync } from '../../../sync/engine.js';
import { awsConnector } from './index.js';

/**
 * Accounts larger than one GetAccountAuthorizationDetails page: the connector reads groups and managed policies
 * first (held), then streams users and roles page by page (docs/connectors/aws.md). Expectations from the labels.
 */
let estate: Estate;
let aws: AwsEmulator;
let labels: AwsIdentityLabel[];
const secretVar = (i: number) => `STEWARD_TEST_AWS_STREAM_SECRET_${i + 1}`;

beforeAll(async () => {
  estate = await generateEstate({ seed: 5, size: 3000, platforms: ['aws'] });
  labels = estate.labels.identities.filter((l) => l.platform === 'aws') as AwsIdentityLabel[];
  aws = await startAwsEmulator(estate.platforms.aws as AwsEstateData);
  aws.credentials.forEach((c, i) => {
    process.env[secretVar(i)] = c.secretAccessKey;
  });
});
afterAll(async () => {
  await aws?.emulator.close();
  aws?.credentials.forEach((_c, i) => {
    delete process.env[secretVar(i)];
  });
});

const ALL = 'User,Role,Group,LocalManagedPolicy,AWSManagedPolicy';
const REFERENCED = 'Group,LocalManagedPolicy,AWSManagedPolicy';

describe('AWS IAM connector on accounts larger than one GAAD page', () => {
  it.each([0, 1])(
    'account %i: filtered GAAD calls, every label recovered, calls = streaming minimum + 1',
    async (i) => {
      const c = aws.credentials[i];
      const s = awsAccountSizes(estate.platforms.aws as AwsEstateData, c.accountId);
      const referenced = s.groups + s.policies;
      const principals = s.users + s.roles;
      expect(referenced + principals).toBeGreaterThan(1000); // the case under test
      const rawDir = mkdtempSync(join(tmpdir(), 'steward-aws-raw-'));
      const store = await openTestStore('sqlite');
      try {
        aws.control.gaadFilters.length = 0;
        const [run] = await runSync(
          [
            {
              platform: 'aws',
              tenant: c.accountId,
              options: {
                endpoint: aws.emulator.url,
                accessKeyId: c.accessKeyId,
                secretAccessKey: { env: secretVar(i) },
              },
            },
          ],
          {
            store,
            connectors: (p) => (p === 'aws' ? awsConnector : undefined),
            clock: fixedClock(estate.now),
            keepRawDir: rawDir,
          },
        );
        expect(run.status, run.errors.join('\n')).toBe('succeeded');

        // One unfiltered page (the account does not fit), then the held lists, then users and roles streamed.
        const principalPages = Math.ceil(principals / 1000);
        expect(aws.control.gaadFilters).toEqual([
          ALL,
          ...Array(Math.ceil(referenced / 1000)).fill(REFERENCED),
          ...Array(principalPages).fill('User,Role'),
        ]);
        // Account-wide lists: service-specific credentials (1000 a page), OIDC providers + one Get each, SAML providers
        // (userKeyLists is off: no per-user SSH key or certificate list).
        const lists =
          Math.max(1, Math.ceil(s.serviceCredentials / 1000)) + 1 + s.oidcProviders + 1 + s.accessAnalyzerCalls;
        // 1 + 2: GetCallerIdentity, then generate + get the credential report.
        const streamingMinimum = 1 + 2 + Math.ceil(referenced / 1000) + principalPages + s.usersWithKeys + lists;
        expect(run.apiCalls).toBe(streamingMinimum + 1);
        expect(run.apiCalls).toBeLessThanOrEqual(
          Math.floor(1.05 * (1 + 2 + Math.ceil((referenced + principals) / 1000) + s.usersWithKeys + lists)) + 3,
        );

        // The raw pages show the split: no users or roles among the held pages, no groups or policies among the streamed.
        const [runDir] = readdirSync(join(rawDir, 'aws', c.accountId));
        const pages = readFileSync(
          join(rawDir, 'aws', c.accountId, runDir, 'GetAccountAuthorizationDetails.jsonl'),
          'utf8',
        )
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown[] | undefined>);
        expect(pages).toHaveLength(aws.control.gaadFilters.length);
        const held = pages.slice(1, 1 + Math.ceil(referenced / 1000));
        const streamed = pages.slice(1 + held.length);
        expect(held.flatMap((p) => [...(p.UserDetailList ?? []), ...(p.RoleDetailList ?? [])])).toEqual([]);
        expect(held.reduce((a, p) => a + (p.GroupDetailList?.length ?? 0) + (p.Policies?.length ?? 0), 0)).toBe(
          referenced,
        );
        expect(streamed.flatMap((p) => [...(p.GroupDetailList ?? []), ...(p.Policies ?? [])])).toEqual([]);
        expect(
          streamed.reduce((a, p) => a + (p.UserDetailList?.length ?? 0) + (p.RoleDetailList?.length ?? 0), 0),
        ).toBe(principals);

        const mine = labels.filter((l) => l.tenant === c.accountId);
        const views = new Map(
          (await listIdentityViews(store, { platform: 'aws', tenant: c.accountId })).map((v) => [v.id, v]),
        );
        expect([...views.keys()].sort()).toEqual(mine.map((l) => l.id).sort());
        for (const l of mine) {
          const v = views.get(l.id)!;
          expect({ lastUsedAt: v.lastUsedAt, enabled: v.enabled, interactive: v.interactive }, l.name).toEqual({
            lastUsedAt: l.lastUsedAt,
            enabled: l.enabled,
            interactive: l.aws.interactive,
          });
          expect(v.credentials.map((x) => [x.id, x.lastUsedAt, x.enabled]).sort(), l.name).toEqual(
            l.credentials.map((x) => [x.id, x.lastUsedAt, x.enabled]).sort(),
          );
          expect([...new Set(v.permissions.map((p) => p.nativeName))].sort(), l.name).toEqual(l.permissions);
          if (l.aws.nativeType === 'role')
            expect((v.attributes.trustSummary as { principals: string[] }).principals, l.name).toEqual(
              l.aws.trustPrincipals,
            );
        }
      } finally {
        await store.close();
      }
    },
  );
});
