import type { Migration } from 'kysely';
import * as m001 from './001_inventory.js';
import * as m002 from './002_risk.js';
import * as m003 from './003_ownership.js';
import * as m004 from './004_scopes.js';
import * as m005 from './005_trustworthy_scans.js';
import * as m006 from './006_fix_first.js';
import * as m007 from './007_api.js';
import * as m008 from './008_activity.js';
import * as m009 from './009_remediation.js';
import * as m010 from './010_identity_search.js';
import * as m011 from './011_notifications.js';
import * as m012 from './012_reviews.js';
import * as m013 from './013_api_indexes.js';
import * as m014 from './014_rescan_costs.js';
import * as m015 from './015_scoped_scan_locks.js';
import * as m016 from './016_open_rank.js';
import * as m017 from './017_deferred_indexes.js';
import * as m018 from './018_findings_fillfactor.js';
import * as m019 from './019_identities_seen_in_place.js';

/**
 * Every migration, in order. Add a file `NNN_what.ts` exporting `up` and append it here; never edit a
 * migration that has shipped. The same list runs on SQLite and PostgreSQL.
 */
export const migrations: Record<string, Migration> = {
  '001_inventory': m001,
  '002_risk': m002,
  '003_ownership': m003,
  '004_scopes': m004,
  '005_trustworthy_scans': m005,
  '006_fix_first': m006,
  '007_api': m007,
  '008_activity': m008,
  '009_remediation': m009,
  '010_identity_search': m010,
  '011_notifications': m011,
  '012_reviews': m012,
  '013_api_indexes': m013,
  '014_rescan_costs': m014,
  '015_scoped_scan_locks': m015,
  '016_open_rank': m016,
  '017_deferred_indexes': m017,
  '018_findings_fillfactor': m018,
  '019_identities_seen_in_place': m019,
};
