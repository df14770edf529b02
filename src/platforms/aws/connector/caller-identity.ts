import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { ScanContext } from '../../../sync/connector.js';
import type { AwsOptions } from './options.js';
import { CALLER_IDENTITY } from './sources.js';

/**
 * The account the credentials open, asked first (sts:GetCallerIdentity: one call, allowed to every caller): a tenant
 * id naming another account is refused before IAM is asked anything. When STS cannot answer, the source records why
 * and the scan goes on (the credential report's root row and GAAD's ARNs check the account later, as before).
 */
export async function checkCallerAccount(sts: STSClient, ctx: ScanContext<AwsOptions>): Promise<string | null> {
  let account: string | null = null;
  await ctx.sources.read(CALLER_IDENTITY, async (signal) => {
    const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    ctx.sources.counted(CALLER_IDENTITY);
    account = out.Account ?? null;
  });
  if (account !== null) assertTenantAccount(ctx.tenant, account);
  return account;
}

/** A 12-digit tenant id must be the account the credentials open: a mismatch names both (never scan the wrong one). */
export function assertTenantAccount(tenant: string, accountId: string): void {
  if (/^\d{12}$/.test(tenant) && accountId !== tenant)
    throw new Error(
      `the credentials for tenant aws:${tenant} open AWS account ${accountId}; fix the tenant id or the credentials in steward.yaml`,
    );
}
