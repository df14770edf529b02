import { query } from '../api.js';
import {
  identityHref,
  LoadedView,
  platformOptions,
  SelectField,
  SeverityBadge,
  TableWrap,
  Time,
} from '../components.js';
import { useApi, useSession } from '../hooks.js';
import { href, navigate, useLocation } from '../router.js';
import type { Detection, DetectionEvent } from '../types.js';

/** "from 91.240.118.172 (AS57523, RU) with python-requests": where an event came from, as far as it is known. */
function originText(e: DetectionEvent): string {
  const network = [e.asn !== null ? `AS${e.asn}` : null, e.country].filter(Boolean).join(', ');
  const from = e.sourceIp ? `from ${e.sourceIp}${network ? ` (${network})` : ''}` : '';
  return [from, e.uaFamily ? `with ${e.uaFamily}` : ''].filter(Boolean).join(' ');
}

function EventList({ events, total }: { events: DetectionEvent[]; total: number }) {
  if (events.length === 0) return <p class="muted small">Events no longer stored.</p>;
  return (
    <ul class="small detection-events" data-testid="detection-events">
      {events.map((e) => (
        <li key={e.id}>
          <Time at={e.time} /> <span class="mono">{e.operation}</span>
          {e.success ? '' : ' (failed)'} {originText(e)}
          {e.target ? ` on ${e.target}` : ''} <span class="mono muted">{e.id}</span>
        </li>
      ))}
      {total > events.length ? <li class="muted">{`… ${total - events.length} more events`}</li> : null}
    </ul>
  );
}

/** Detections with their first events; on an identity's page the identity column is left out. */
export function DetectionsTable({
  detections,
  showIdentity = true,
}: {
  detections: Detection[];
  showIdentity?: boolean;
}) {
  if (detections.length === 0) return <p class="muted">No detections.</p>;
  return (
    <TableWrap label="Detections">
      <table data-testid="detections">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Detection</th>
            {showIdentity ? <th scope="col">Identity</th> : null}
            <th scope="col">Last event</th>
            <th scope="col">Events</th>
          </tr>
        </thead>
        <tbody>
          {detections.map((d) => (
            <tr key={d.id} data-rule={d.ruleId}>
              <td>
                <SeverityBadge severity={d.severity} />
              </td>
              <td>
                <strong>{d.title}</strong>
                <div class="small">{d.message}</div>
                <div class="mono muted small">{d.ruleId}</div>
              </td>
              {showIdentity ? (
                <td>
                  {d.identityId ? (
                    <a href={identityHref(d.identityId)}>{d.identityName ?? d.identityId}</a>
                  ) : (
                    <span class="mono">{d.actor}</span>
                  )}
                </td>
              ) : null}
              <td>
                <Time at={d.lastEventAt} />
              </td>
              <td>
                <EventList events={d.events} total={d.eventCount} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** What imported activity logs raised (`steward events import`, and the demo's planted activity). */
export function DetectionsPage() {
  const { query: q } = useLocation();
  const { platforms } = useSession();
  const platform = q.get('platform') ?? '';
  const detections = useApi<{ items: Detection[] }>(`/detections${query({ platform, limit: 200 })}`);
  return (
    <section>
      <h1>Detections</h1>
      <p class="muted small">
        Raised from imported activity logs (<span class="mono">steward events import</span>): what the identities did,
        against their own baselines. Newest activity first.
      </p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href('/detections', { platform: String(new FormData(e.currentTarget).get('platform')) }));
        }}
      >
        <SelectField label="Platform" name="platform" value={platform} options={platformOptions(platforms)} />
        <button type="submit">Apply</button>
      </form>
      <LoadedView loaded={detections}>{(d) => <DetectionsTable detections={d.items} />}</LoadedView>
    </section>
  );
}

/** The identity page's section: this identity's detections, when there are any. */
export function IdentityDetections({ id }: { id: string }) {
  const detections = useApi<{ items: Detection[] }>(`/detections${query({ identityId: id, limit: 50 })}`);
  const items = detections.data?.items ?? [];
  if (detections.loading || detections.error || items.length === 0) return null;
  return (
    <section aria-labelledby="detections-h">
      <h2 id="detections-h">Detections from activity</h2>
      <DetectionsTable detections={items} showIdentity={false} />
    </section>
  );
}
