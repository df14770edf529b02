import type { PlatformEstate, PlatformGenerateContext } from '../../../emulation/estate/generator.js';
import type { AccountBuilder } from './builder.js';
import { type AwsAccountSpec, generateAws } from './generate.js';
import { AWS_POLICY } from './policies.js';
import type { AwsEstateData, AwsOrganization, AwsOrganizationAccount } from './types.js';

/**
 * An estate whose AWS accounts form an AWS Organization: the first account is the management account, the member
 * role (MEMBER_ROLE, trusting the management account with an external id) exists in every member account but one
 * (a planted refusal: AssumeRole into it is AccessDenied), and the organization also lists a SUSPENDED and a
 * PENDING_CLOSURE account, which have no IAM data here and must not be scanned. The default estate is unchanged.
 */
export const MEMBER_ROLE = 'StewardAudit';

export const ORGANIZATION_ACCOUNTS: readonly AwsAccountSpec[] = [
  { accountId: '111122223333', alias: 'acme-prod', share: 0.5 },
  { accountId: '444455556666', alias: 'acme-dev', share: 0.3 },
  { accountId: '777788889999', alias: 'acme-sandbox', share: 0.2 },
];
/** The member account without the member role. */
const REFUSING_ACCOUNT = '777788889999';
const SUSPENDED_ACCOUNT = '222233334444';
const CLOSING_ACCOUNT = '555566667777';

/** What a scan of the management tenant with `organization: { memberRole: MEMBER_ROLE, externalId }` must do. */
export interface OrganizationExpectations {
  memberRole: string;
  /** The external id the member role's trust requires (a secret of the estate: pass it through an env variable). */
  externalId: string;
  /** Accounts whose run must complete: the management account first, then each reachable member. */
  complete: string[];
  /** Member accounts whose run must fail at sts:AssumeRole (no member role), storing and sweeping nothing. */
  assumeRoleRefused: string[];
  /** Listed accounts that must not be scanned at all (SUSPENDED, PENDING_CLOSURE). */
  notScanned: string[];
}

export function generateAwsOrganization(
  ctx: PlatformGenerateContext,
): PlatformEstate<AwsEstateData> & { organization: OrganizationExpectations } {
  const management = ORGANIZATION_ACCOUNTS[0].accountId;
  const externalId = `steward-${ctx.rng.hex(24)}`;
  const plantMemberRole = (b: AccountBuilder, index: number) => {
    if (index === 0 || b.accountId === REFUSING_ACCOUNT) return;
    b.role({
      name: MEMBER_ROLE,
      ageDays: 200,
      description: 'Steward NHI discovery, assumed by the management account',
      trustPolicy: b.trustAccount(management, externalId),
      attachedPolicyArns: [AWS_POLICY.SecurityAudit],
      tags: [{ Key: 'team', Value: 'security' }],
    });
  };
  const estate = generateAws(ctx, ORGANIZATION_ACCOUNTS, plantMemberRole);
  const organization = organizationOf(ctx, management);
  const members = ORGANIZATION_ACCOUNTS.slice(1).map((s) => s.accountId);
  return {
    ...estate,
    data: { ...estate.data, organization },
    organization: {
      memberRole: MEMBER_ROLE,
      externalId,
      complete: [management, ...members.filter((id) => id !== REFUSING_ACCOUNT)],
      assumeRoleRefused: [REFUSING_ACCOUNT],
      notScanned: [SUSPENDED_ACCOUNT, CLOSING_ACCOUNT],
    },
  };
}

function organizationOf(ctx: PlatformGenerateContext, management: string): AwsOrganization {
  const joined = (days: number) =>
    new Date(ctx.now.getTime() - days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const account = (
    accountId: string,
    name: string,
    state: AwsOrganizationAccount['state'],
    days: number,
  ): AwsOrganizationAccount => ({
    accountId,
    name,
    email: `aws+${name}@acme.example`,
    state,
    joinedMethod: accountId === management ? 'INVITED' : 'CREATED',
    joinedTimestamp: joined(days),
  });
  return {
    id: `o-${ctx.rng.token(10)}`,
    managementAccountId: management,
    accounts: [
      ...ORGANIZATION_ACCOUNTS.map((s, i) => account(s.accountId, s.alias, 'ACTIVE', 2000 - i * 300)),
      account(SUSPENDED_ACCOUNT, 'acme-legacy', 'SUSPENDED', 1500),
      account(CLOSING_ACCOUNT, 'acme-poc', 'PENDING_CLOSURE', 900),
    ],
  };
}
