export * from './platform.js';
export * from './identity.js';
export * from './person.js';
export * from './edge.js';
export * from './sync-run.js';
export * from './finding.js';
export * from './facts.js';
