import type { admin_directory_v1, admin_reports_v1 } from '@googleapis/admin';
import type { GoogleEstateData } from '../estate/types.js';

/** What the route handlers of one running Google emulator share (the Cloud routes read `data.cloud`). */
export interface EmulatorState {
  data: GoogleEstateData;
  /** The access token the emulator accepts (random per start). */
  token: string;
  /** Users by id and by primary email (a {userKey} is either). */
  users: Map<string, admin_directory_v1.Schema$User>;
  /** Reports activities planted by a test, by application (emulator option `reports`), served instead of the estate's. */
  plantedReports: PlantedReports | null;
  /** Planted activity by application (emulator option `extraReports`), served among the estate's activities. */
  extraReports: PlantedReports | null;
}

export type PlantedReports = Partial<Record<'token' | 'admin' | 'login', admin_reports_v1.Schema$Activity[]>>;

export function createState(
  data: GoogleEstateData,
  token: string,
  reports: { planted?: PlantedReports; extra?: PlantedReports } = {},
): EmulatorState {
  const users = new Map<string, admin_directory_v1.Schema$User>();
  for (const u of data.users) {
    if (u.id) users.set(u.id, u);
    if (u.primaryEmail) users.set(u.primaryEmail.toLowerCase(), u);
  }
  return { data, token, users, plantedReports: reports.planted ?? null, extraReports: reports.extra ?? null };
}
