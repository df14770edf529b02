import type { PlatformGenerator } from '../../../emulation/estate/generator.js';
import { generateAws } from './generate.js';
import type { AwsEstateData } from './types.js';

export { generateAws, awsAccountSizes, analyzerFindingPages, githubRefs, AWS_ACCOUNTS } from './generate.js';
export type { AwsIdentityLabel, AwsCredentialLabel } from './oracle.js';
export type * from './types.js';

/** AWS IAM: two accounts (prod, dev) by default; tenant id = 12-digit account id. */
export const awsGenerator: PlatformGenerator<AwsEstateData> = {
  platform: 'aws',
  weight: 25,
  generate: generateAws,
};
