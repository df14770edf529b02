import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { identityHref, LoadedView, TableWrap, Time } from '../components.js';
import { useApi, useSession } from '../hooks.js';

/** GET /reviews, /reviews/tasks/mine and /rotations (docs/api.md). */
interface Campaign {
  id: string;
  name: string;
  status: string;
  deadline: string;
  created_by: string;
  tasks: number;
  decided: number;
}

interface Task {
  campaignId: string;
  identityId: string;
  identityName: string;
  platform: string;
  tenant: string;
  owner: string | null;
  decision: 'keep' | 'revoke' | 'reassign' | null;
  reassignTo: string | null;
  attestedAt: string | null;
}

interface Rotation {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
  items: number;
  done: number;
}

function Progress({ done, total, noun }: { done: number; total: number; noun: string }) {
  return (
    <span>
      <progress max={total} value={done} aria-label={`${done} of ${total} ${noun}`} /> {`${done}/${total} ${noun}`}
    </span>
  );
}

function CampaignsTable({ campaigns }: { campaigns: Campaign[] }) {
  if (campaigns.length === 0)
    return (
      <p class="muted">
        No access review yet (<span class="mono">steward review start</span> or POST /api/v1/reviews).
      </p>
    );
  return (
    <TableWrap label="Access-review campaigns">
      <table data-testid="review-campaigns">
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">Deadline</th>
            <th scope="col">Progress</th>
            <th scope="col">Started by</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id} data-campaign={c.id}>
              <td>
                <strong>{c.name}</strong> <span class="mono muted small">{c.id}</span>
              </td>
              <td>{c.status}</td>
              <td>
                <Time at={c.deadline} />
              </td>
              <td>
                <Progress done={c.decided} total={c.tasks} noun="decided" />
              </td>
              <td>{c.created_by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Keep or revoke one task (reassigning needs the new owner: `steward review attest … reassign --to`). */
function AttestButtons({ task, names, onDone }: { task: Task; names: Map<string, string>; onDone: () => void }) {
  const { toast } = useSession();
  const [busy, setBusy] = useState(false);
  const attest = async (decision: 'keep' | 'revoke') => {
    setBusy(true);
    try {
      const path = `/reviews/${encodeURIComponent(task.campaignId)}/tasks/${encodeURIComponent(task.identityId)}/attest`;
      await api(path, { method: 'POST', body: { decision } });
      toast(`${task.identityName}: ${decision} (${names.get(task.campaignId) ?? task.campaignId})`);
      onDone();
    } catch (error) {
      toast((error as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="actions">
      <button type="button" class="ghost" disabled={busy} onClick={() => void attest('keep')}>
        Keep
      </button>
      <button type="button" class="ghost" disabled={busy} onClick={() => void attest('revoke')}>
        Revoke
      </button>
    </span>
  );
}

function MyTasks({ tasks, campaigns, onDone }: { tasks: Task[]; campaigns: Campaign[]; onDone: () => void }) {
  const names = new Map(campaigns.map((c) => [c.id, c.name]));
  const open = new Set(campaigns.filter((c) => c.status === 'open').map((c) => c.id));
  if (tasks.length === 0) return <p class="muted">No review task is assigned to this token's name.</p>;
  return (
    <TableWrap label="My review tasks">
      <table data-testid="my-review-tasks">
        <thead>
          <tr>
            <th scope="col">Identity</th>
            <th scope="col">Campaign</th>
            <th scope="col">Owner</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={`${t.campaignId}|${t.identityId}`} data-identity={t.identityId}>
              <td>
                <a href={identityHref(t.identityId)}>{t.identityName}</a>
                <div class="mono muted small">{`${t.platform}:${t.tenant}`}</div>
              </td>
              <td>{names.get(t.campaignId) ?? t.campaignId}</td>
              <td>{t.owner ?? <span class="muted">none</span>}</td>
              <td data-testid="decision">
                {t.decision ? `${t.decision}${t.reassignTo ? ` → ${t.reassignTo}` : ''} ` : ''}
                {open.has(t.campaignId) ? <AttestButtons task={t} names={names} onDone={onDone} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function RotationsTable({ rotations }: { rotations: Rotation[] }) {
  if (rotations.length === 0) return <p class="muted">No rotation campaign yet.</p>;
  return (
    <TableWrap label="Rotation campaigns">
      <table data-testid="rotation-campaigns">
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Started</th>
            <th scope="col">Done at the last status</th>
          </tr>
        </thead>
        <tbody>
          {rotations.map((r) => (
            <tr key={r.id}>
              <td>
                <strong>{r.name}</strong> <span class="mono muted small">{r.id}</span>
              </td>
              <td>
                <Time at={r.created_at} /> by {r.created_by}
              </td>
              <td>
                <Progress done={r.done} total={r.items} noun="done" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Access reviews with their progress, the signed-in token's tasks (keep / revoke), and rotation campaigns. */
export function ReviewsPage() {
  const campaigns = useApi<{ items: Campaign[] }>('/reviews');
  const mine = useApi<{ items: Task[] }>('/reviews/tasks/mine');
  const rotations = useApi<{ items: Rotation[] }>('/rotations');
  const reload = () => {
    campaigns.reload();
    mine.reload();
  };
  return (
    <section>
      <h1>Reviews</h1>
      <p class="muted small">
        Access reviews: each owner attests keep, revoke or reassign per identity; closing a campaign turns revokes into
        a remediation plan that another person approves (docs/reviews.md).
      </p>
      <h2>Campaigns</h2>
      <LoadedView loaded={campaigns}>{(c) => <CampaignsTable campaigns={c.items} />}</LoadedView>
      <h2>My tasks</h2>
      <LoadedView loaded={mine}>
        {(t) => <MyTasks tasks={t.items} campaigns={campaigns.data?.items ?? []} onDone={reload} />}
      </LoadedView>
      <h2>Rotation campaigns</h2>
      <LoadedView loaded={rotations}>{(r) => <RotationsTable rotations={r.items} />}</LoadedView>
    </section>
  );
}
