import type { DetectionRule } from '../detection.js';
import { antiForensics } from './anti-forensics.js';
import { credentialByNonOwner } from './credential-by-non-owner.js';
import { dormantThenActive } from './dormant-then-active.js';
import { interactiveUse } from './interactive-use.js';
import { newOrigin } from './new-origin.js';
import { sensitiveOperation } from './sensitive-operation.js';
import { volumeSpike } from './volume-spike.js';

/** Every built-in detection, one file each. */
export const DETECTIONS: readonly DetectionRule[] = [
  antiForensics,
  sensitiveOperation,
  dormantThenActive,
  newOrigin,
  interactiveUse,
  volumeSpike,
  credentialByNonOwner,
];
