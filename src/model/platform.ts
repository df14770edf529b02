import { z } from 'zod';

/** Short, stable platform ids. They appear in identity ids, config and CLI filters, so never rename one. */
export const PLATFORM_IDS = ['github', 'entra', 'aws', 'google', 'okta', 'slack', 'salesforce'] as const;
export const PlatformId = z.enum(PLATFORM_IDS);
export type PlatformId = z.infer<typeof PlatformId>;

/** Builds the stable identity id `platform:tenant:nativeType:nativeId`. */
export function identityId(
  platform: PlatformId,
  tenant: string,
  nativeType: string,
  nativeId: string | number,
): string {
  return `${platform}:${tenant}:${nativeType}:${nativeId}`;
}

export function personId(source: string, tenant: string, nativeId: string | number): string {
  return `${source}:${tenant}:person:${nativeId}`;
}
