import { randomBytes } from 'node:crypto';
import type { SalesforceEstateData, SfRecord, SObjectName } from '../estate/types.js';

/** One open query cursor (a queryMore locator's rows). */
export interface Cursor {
  object: string;
  fields: string[];
  rows: Record<string, unknown>[];
  batch: number;
}

/** One Event Monitoring log file served by the emulator (planted activity): its EventLogFile fields and CSV. */
export interface PlantedLogFile {
  Id: string;
  EventType: string;
  /** Salesforce's datetime form, e.g. 2026-10-30T00:00:00.000+0000. */
  LogDate: string;
  Interval: 'Daily' | 'Hourly';
  /** The file: a header line of field names, then one line per event. */
  csv: string;
}

export interface EmulatorState {
  data: SalesforceEstateData;
  /** Event Monitoring's log files; null: the org has no Event Monitoring (EventLogFile is INVALID_TYPE). */
  eventLogFiles: PlantedLogFile[] | null;
  token: string;
  /** Open cursors by query id (the locator is `<id>-<offset>`). */
  cursors: Map<string, Cursor>;
  /** API requests counted against the daily allocation (Sforce-Limit-Info). */
  apiRequests: number;
}

export function createState(
  data: SalesforceEstateData,
  token: string,
  eventLogFiles: PlantedLogFile[] | null = null,
): EmulatorState {
  return { data, eventLogFiles, token, cursors: new Map(), apiRequests: 0 };
}

/** The table of an sObject this org has; null when the edition lacks it or no such object exists. */
export function tableOf(s: EmulatorState, object: string): SfRecord[] | null {
  if (object === 'EventLogFile') return s.eventLogFiles?.map(logFileRecord) ?? null;
  if (!(object in s.data.tables) || s.data.editionLacks.includes(object as SObjectName)) return null;
  return s.data.tables[object as SObjectName];
}

/** A query locator id: `01g` + 15 characters, as Salesforce's look. */
export const queryId = (): string => `01g${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 15)}`;

/** The sObject a query locator (`01g…-2000`) belongs to. */
export function objectOfLocator(s: EmulatorState, locator: string): string | undefined {
  return s.cursors.get(locator.split('-')[0])?.object;
}

/** A log file as its EventLogFile row: the length in bytes and the LogFile field's URL, the CSV left out. */
function logFileRecord(f: PlantedLogFile): SfRecord {
  const { csv, ...fields } = f;
  return {
    ...fields,
    LogFileLength: Buffer.byteLength(csv),
    LogFile: `/services/data/v66.0/sobjects/EventLogFile/${f.Id}/LogFile`,
  } as unknown as SfRecord;
}
