import type { SlackBotData, SlackEstateData } from '../estate/types.js';

/** What the route handlers of one running Slack emulator share. */
export interface EmulatorState {
  data: SlackEstateData;
  /** The user token (xoxp-) the emulator accepts (random per start). */
  token: string;
  /** The admin the token belongs to (auth.test user_id). */
  userId: string;
  bots: Map<string, SlackBotData>;
}

export function createState(data: SlackEstateData, token: string): EmulatorState {
  const admin = data.users.find((u) => u.is_primary_owner) ?? data.users[0];
  // The app lists are the emulator's own copies: admin.apps.approve/restrict change them, never the estate.
  const own = {
    ...data,
    approvedApps: [...data.approvedApps],
    restrictedApps: [...data.restrictedApps],
    requests: [...data.requests],
  };
  return {
    data: own,
    token,
    userId: admin?.id ?? 'W0000000000',
    bots: new Map(data.bots.map((b) => [b.id, b])),
  };
}
