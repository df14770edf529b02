import { z } from 'zod';

export const SYNC_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export const SyncStatus = z.enum(SYNC_STATUSES);
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncCounts = z.object({
  identities: z.number().int().default(0),
  credentials: z.number().int().default(0),
  permissions: z.number().int().default(0),
  people: z.number().int().default(0),
  edges: z.number().int().default(0),
  removed: z.number().int().default(0),
});
export type SyncCounts = z.infer<typeof SyncCounts>;

export const SyncRun = z.object({
  id: z.string(),
  platform: z.string(),
  tenant: z.string(),
  /**
   * The sub-scope of the tenant this run covered when a queued scan split it (e.g. GitHub `org`, `repos:2/4`);
   * absent or null = the whole tenant. See docs/scale.md §5.
   */
  scope: z.string().nullable().optional(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: SyncStatus,
  /** 'full' lists everything (cleanup allowed after success); 'incremental' applies vendor deltas only. */
  mode: z.enum(['full', 'incremental']),
  counts: SyncCounts,
  apiCalls: z.number().int(),
  pages: z.number().int(),
  retries: z.number().int(),
  errors: z.array(z.string()),
});
export type SyncRun = z.infer<typeof SyncRun>;
