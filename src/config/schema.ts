import { z } from 'zod';
import { PlatformId } from '../model/index.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import { DEFAULT_STORE, StoreSetting } from '../store/setting.js';

/**
 * Days stored activity events are kept by default (`monitoring.retention`): a year, what audit-log rules usually ask
 * (PCI DSS 10.5.1: twelve months of audit trail history).
 */
export const DEFAULT_RETENTION_DAYS = 365;

export const TenantConfig = z
  .object({
    platform: PlatformId,
    /** Short stable name of the tenant (GitHub org login, Entra tenant domain, AWS account alias...). */
    tenant: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9._@-]+$/, 'use letters, digits, ".", "_", "@" or "-" only'),
    /** Connector-specific options, validated by the connector (see docs/connectors/<platform>.md). */
    options: z.record(z.string(), z.unknown()).default({}),
    enabled: z.boolean().default(true),
  })
  .strict();
export type TenantConfig = z.infer<typeof TenantConfig>;

export const Thresholds = z
  .object({
    staleDays: z.number().int().positive().default(DEFAULT_THRESHOLDS.staleDays),
    rotationDays: z.number().int().positive().default(DEFAULT_THRESHOLDS.rotationDays),
    expiryWarningDays: z.number().int().positive().default(DEFAULT_THRESHOLDS.expiryWarningDays),
    maxSecretLifetimeDays: z.number().int().positive().default(DEFAULT_THRESHOLDS.maxSecretLifetimeDays),
  })
  .strict();

export const StewardConfig = z
  .object({
    /**
     * SQLite file path (default), file: URL, or postgres:// URL; a PostgreSQL password as a secret reference:
     * `{ url: postgres://user@host/db, password: { env: VAR } }` (src/store/setting.ts). Parses to one location string.
     */
    store: StoreSetting.default(DEFAULT_STORE),
    tenants: z.array(TenantConfig).default([]),
    scan: z
      .object({
        concurrency: z.number().int().min(1).max(64).default(4),
        keepRaw: z.string().nullable().default(null),
        /** Worker threads for sync (docs/scale.md): a number, or 'auto' (several once the estate is known to be large). */
        threads: z.union([z.literal('auto'), z.number().int().min(1).max(16)]).default('auto'),
      })
      .strict()
      .default({ concurrency: 4, keepRaw: null, threads: 'auto' }),
    rules: z
      .object({
        /** Directory of custom rule files (YAML with CEL conditions). */
        dir: z.string().nullable().default(null),
        thresholds: Thresholds.default(Thresholds.parse({})),
        disabled: z.array(z.string()).default([]),
      })
      .strict()
      .default({ dir: null, thresholds: Thresholds.parse({}), disabled: [] }),
    /**
     * Where to send notifications (docs/notifications.md). Each entry's channel options and secret references are
     * checked by the notifications layer when a command is about to notify (`checkSection`), like tenant options.
     */
    notifications: z.array(z.record(z.string(), z.unknown())).default([]),
    /** Activity monitoring (docs/monitoring.md): days stored events are kept (baselines and detections are kept). */
    monitoring: z
      .object({ retention: z.number().int().min(1).max(36_500).default(DEFAULT_RETENTION_DAYS) })
      .strict()
      .default({ retention: DEFAULT_RETENTION_DAYS }),
  })
  .strict();
export type StewardConfig = z.infer<typeof StewardConfig>;
