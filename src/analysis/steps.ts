import type { AnalysisStep } from './analysis.js';
import { ownershipStep } from './ownership/step.js';
import { riskStep } from './risk/step.js';

/**
 * Analysis steps run after every scan, in this order: ownership first (rules read owners), then risk.
 * Adding a step: one import and one entry here.
 */
export const ANALYSIS_STEPS: AnalysisStep[] = [ownershipStep, riskStep];
