import { awsFacts } from '../facts.js';
import type { Connector } from '../../../sync/connector.js';
import { AwsOptions } from './options.js';
import { expandOrganization, memberOptions } from './organization.js';
import { scanAws } from './scan.js';
import { awsSecretFields, awsSources } from './sources.js';

export const awsConnector: Connector<AwsOptions> = {
  platform: 'aws',
  title: 'AWS IAM',
  facts: awsFacts,
  sources: awsSources,
  secretFields: awsSecretFields,
  optionsSchema: AwsOptions,
  expandTenant: expandOrganization,
  memberOptions,
  scan: scanAws,
};
