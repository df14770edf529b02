export * from './types.js';
export * from './people.js';
export * from './strategies.js';
export * from './attribute.js';
export * from './compute.js';
export * from './queries.js';
export * from './owned.js';
export * from './hr-import.js';
export { ownershipStep } from './step.js';
