export * from './campaign.js';
export * from './tasks.js';
export * from './remind.js';
export * from './close.js';
export * from './report.js';
export * from './deadline.js';
export * from './rotation.js';
