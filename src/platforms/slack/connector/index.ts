import type { Connector } from '../../../sync/connector.js';
import { slackFacts } from '../facts.js';
import { SlackOptions } from './options.js';
import { SlackScan } from './scan.js';
import { SLACK_SECRET_FIELDS, SLACK_SOURCES } from './sources.js';

/**
 * Slack connector through @slack/web-api: on Enterprise Grid the org's approved and restricted apps with their bot
 * and user scopes and the pending app requests (admin.apps.*); on other plans the installed apps and services from
 * team.integrationLogs; bot users (users.list, bots.info) on every plan; members as a people source. Every method is
 * one declared source (sources.ts); auth.test and users.list are required.
 */
export const slackConnector: Connector<SlackOptions> = {
  platform: 'slack',
  title: 'Slack',
  facts: slackFacts,
  sources: SLACK_SOURCES,
  secretFields: SLACK_SECRET_FIELDS,
  optionsSchema: SlackOptions as never,
  scan: (ctx) => new SlackScan(ctx).run(),
};

export default slackConnector;
export { SlackOptions } from './options.js';
