import type { admin_reports_v1 } from '@googleapis/admin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { googleError, page, queryOf } from '../http.js';
import type { EmulatorState, PlantedReports } from '../state.js';

type Activity = admin_reports_v1.Schema$Activity;

/** startTime / endTime / eventName filters as activities.list applies them (RFC 3339 bounds; times inclusive). */
function filtered(request: FastifyRequest, events: readonly Activity[]): Activity[] | string {
  const start = queryOf(request, 'startTime');
  const end = queryOf(request, 'endTime');
  const startMs = start ? Date.parse(start) : Number.NEGATIVE_INFINITY;
  const endMs = end ? Date.parse(end) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return 'Invalid value for: startTime/endTime';
  if (startMs > endMs) return 'Start time occurs after end time';
  const names = queryOf(request, 'eventName');
  return events.filter((a) => {
    const at = timeOf(a);
    if (at < startMs || at > endMs) return false;
    return !names || (a.events ?? []).some((e) => e.name === names);
  });
}

/** Each activity's time in milliseconds, parsed once: every page filters the whole list (100k events at 1M). */
const times = new WeakMap<Activity, number>();
function timeOf(a: Activity): number {
  let at = times.get(a);
  if (at === undefined) {
    at = Date.parse(a.id?.time ?? '');
    times.set(a, at);
  }
  return at;
}

const newestFirst = (activities: readonly Activity[]): Activity[] =>
  [...activities].sort((a, b) => timeOf(b) - timeOf(a));

/** Each application's served activities, once merged: the estate's (newest first) with the planted ones among them. */
const served = new WeakMap<EmulatorState, Record<string, Activity[]>>();
function servedOf(s: EmulatorState): Record<string, Activity[]> {
  let apps = served.get(s);
  if (!apps) {
    const estate: Record<string, Activity[]> = { token: s.data.tokenEvents, admin: s.data.adminEvents, login: [] };
    const extra = s.extraReports ?? {};
    apps = Object.fromEntries(
      Object.entries(estate).map(([name, own]) => {
        const planted = extra[name as keyof PlantedReports] ?? [];
        return [name, planted.length ? newestFirst([...own, ...planted]) : own];
      }),
    );
    served.set(s, apps);
  }
  return apps;
}

/**
 * The activities of one application, newest first: those a test planted instead (sorted here, at each request: a
 * test may add some later), else the estate's with any planted activity among them.
 */
function eventsOf(s: EmulatorState, applicationName: string): Activity[] | undefined {
  const apps = servedOf(s);
  if (!(applicationName in apps)) return undefined;
  if (s.plantedReports) return newestFirst(s.plantedReports[applicationName as keyof PlantedReports] ?? []);
  return apps[applicationName];
}

/**
 * Reports activities.list for userKey `all` and the `token`, `admin` and `login` applications (the generated estate
 * has no login events; planted activity may): newest first, maxResults default and maximum 1000, nextPageToken. An unknown application
 * is 400.
 */
export function registerActivityRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get<{ Params: { userKey: string; applicationName: string } }>(
    '/admin/reports/v1/activity/users/:userKey/applications/:applicationName',
    async (request, reply) => {
      const { userKey, applicationName } = request.params;
      const events = eventsOf(s, applicationName);
      if (!events) return googleError(reply, 400, 'invalid', `Invalid value for: applicationName`);
      const user = userKey === 'all' ? null : s.users.get(userKey.toLowerCase());
      if (userKey !== 'all' && !user) return googleError(reply, 404, 'notFound', 'Resource Not Found: userKey');
      const mine = user ? events.filter((a) => a.actor?.profileId === user.id) : events;
      const list = filtered(request, mine);
      if (typeof list === 'string') return googleError(reply, 400, 'invalid', list);
      return page(
        request,
        reply,
        {
          kind: `activity-${applicationName}`,
          key: 'items',
          sizeParam: 'maxResults',
          fallback: 1000,
          max: 1000,
          extra: { kind: 'admin#reports#activities', etag: `"activities-${applicationName}"` },
        },
        list,
      );
    },
  );
}
