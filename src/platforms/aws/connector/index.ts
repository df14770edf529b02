import { awsFacts } from '../facts.js';
import type { Connector } from '../../../sync/connector.js';
import { AwsOptions } from './options.js';
import { scanAws } from './scan.js';

export const awsConnector: Connector<AwsOptions> = {
  platform: 'aws',
  title: 'AWS IAM',
  facts: awsFacts,
  optionsSchema: AwsOptions,
  scan: scanAws,
};
