import { createHash } from 'node:crypto';
import type { AwsRole, AwsUnusedAccessAnalyzer, AwsUnusedAccessFinding, AwsUser } from './types.js';

/**
 * The prod account's IAM Access Analyzer unused-access analyzer (90 days) and its findings; the other account has
 * none (its findings source is then switched off). Findings are picked by position, with ids hashed from the ARN,
 * so the estate's random stream (and every other identity) stays as it was:
 *   every 20th role (from the 4th) UnusedIAMRole, every 20th (from the 14th) an ARCHIVED one (no risk);
 *   every 25th user (from the 8th) UnusedPermission, every 25th (from the 12th) UnusedIAMUserAccessKey (no risk).
 */
const DAY_MS = 86_400_000;

export function unusedAccessAnalyzer(
  accountId: string,
  users: AwsUser[],
  roles: AwsRole[],
  now: Date,
  prod: boolean,
): AwsUnusedAccessAnalyzer | null {
  if (!prod) return null;
  const at = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const finding = (
    resource: string,
    findingType: AwsUnusedAccessFinding['findingType'],
    status: AwsUnusedAccessFinding['status'] = 'ACTIVE',
  ): AwsUnusedAccessFinding => ({
    id: uuidOf(`${resource}/${findingType}`),
    resource,
    resourceType: resource.includes(':role/') ? 'AWS::IAM::Role' : 'AWS::IAM::User',
    findingType,
    status,
    createdAt: at(60),
    updatedAt: at(1),
    analyzedAt: at(1),
  });
  const roleArn = (r: AwsRole) => `arn:aws:iam::${accountId}:role${r.path}${r.roleName}`;
  const userArn = (u: AwsUser) => `arn:aws:iam::${accountId}:user${u.path}${u.userName}`;
  const findings = [
    ...roles.flatMap((r, i) =>
      i % 20 === 3
        ? [finding(roleArn(r), 'UnusedIAMRole')]
        : i % 20 === 13
          ? [finding(roleArn(r), 'UnusedIAMRole', 'ARCHIVED')]
          : [],
    ),
    ...users.flatMap((u, i) =>
      i % 25 === 7
        ? [finding(userArn(u), 'UnusedPermission')]
        : i % 25 === 11 && u.accessKeys.length > 0
          ? [finding(userArn(u), 'UnusedIAMUserAccessKey')]
          : [],
    ),
  ];
  return { name: 'unused-access-90d', createdAt: at(400), status: 'ACTIVE', unusedAccessAge: 90, findings };
}

/** A UUID-shaped id from a SHA-256 (stable per finding). */
function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
