import { randomBytes } from 'node:crypto';
import type { SalesforceEstateData, SfRecord, SObjectName } from '../estate/types.js';

/** One open query cursor (a queryMore locator's rows). */
export interface Cursor {
  object: string;
  fields: string[];
  rows: Record<string, unknown>[];
  batch: number;
}

export interface EmulatorState {
  data: SalesforceEstateData;
  token: string;
  /** Open cursors by query id (the locator is `<id>-<offset>`). */
  cursors: Map<string, Cursor>;
  /** API requests counted against the daily allocation (Sforce-Limit-Info). */
  apiRequests: number;
}

export function createState(data: SalesforceEstateData, token: string): EmulatorState {
  return { data, token, cursors: new Map(), apiRequests: 0 };
}

/** The table of an sObject this org has; null when the edition lacks it or no such object exists. */
export function tableOf(s: EmulatorState, object: string): SfRecord[] | null {
  if (!(object in s.data.tables) || s.data.editionLacks.includes(object as SObjectName)) return null;
  return s.data.tables[object as SObjectName];
}

/** A query locator id: `01g` + 15 characters, as Salesforce's look. */
export const queryId = (): string => `01g${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 15)}`;

/** The sObject a query locator (`01g…-2000`) belongs to. */
export function objectOfLocator(s: EmulatorState, locator: string): string | undefined {
  return s.cursors.get(locator.split('-')[0])?.object;
}
