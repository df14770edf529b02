export * from './open.js';
export * from './schema.js';
export * from './inventory-writer.js';
export * from './inventory-reader.js';
export * from './sync-runs.js';
export * from './connector-state.js';
export * from './bulk.js';
export * from './paging.js';
