export * from './action.js';
export * from './approval.js';
export * from './canonical.js';
export * from './dependency.js';
export * from './plan.js';
export * from './plans-store.js';
export * from './workflow.js';
export * from './incident.js';
