export * from './server.js';
export * from './faults.js';
export * from './paging.js';
