import type { Rule } from '../types.js';
import { rule as nhiStale } from './nhi-stale.js';
import { rule as nhiNeverUsed } from './nhi-never-used.js';
import { rule as nhiNoOwner } from './nhi-no-owner.js';
import { rule as nhiOwnerDeparted } from './nhi-owner-departed.js';
import { rule as nhiAdminPrivilege } from './nhi-admin-privilege.js';
import { rule as credentialNotRotated } from './credential-not-rotated.js';
import { rule as credentialLongLived } from './credential-long-lived.js';
import { rule as credentialExpired } from './credential-expired.js';
import { rule as credentialExpiring } from './credential-expiring.js';
import { rule as multipleActiveKeys } from './multiple-active-keys.js';
import { rule as thirdPartyHighRiskScopes } from './third-party-high-risk-scopes.js';
import { rule as unverifiedPublisher } from './unverified-publisher.js';
import { rule as tenantWideGrant } from './tenant-wide-grant.js';
import { rule as credentialReused } from './credential-reused.js';
import { rule as nhiInteractive } from './nhi-interactive.js';
import { rule as nhiUsedByHuman } from './nhi-used-by-human.js';

/**
 * The generic rules: they read only the normalized model and the common facts, so they hold on every platform.
 * One file per rule, ids = ../catalogue.ts. Platform rules live in src/platforms/<id>/rules/; the whole built-in pack
 * is composed in src/platforms/registry.ts.
 */
export const GENERIC_RULES: Rule[] = [
  nhiStale,
  nhiNeverUsed,
  nhiNoOwner,
  nhiOwnerDeparted,
  nhiAdminPrivilege,
  credentialNotRotated,
  credentialLongLived,
  credentialExpired,
  credentialExpiring,
  multipleActiveKeys,
  thirdPartyHighRiskScopes,
  unverifiedPublisher,
  tenantWideGrant,
  credentialReused,
  nhiInteractive,
  nhiUsedByHuman,
];
