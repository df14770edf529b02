import {
  LoadedView,
  PagerFooter,
  platformOptions,
  SelectField,
  Status,
  TableWrap,
  TextField,
  Time,
  dateText,
} from '../components.js';
import { useState } from 'preact/hooks';
import { useApi, usePaged, useSession } from '../hooks.js';
import { query } from '../api.js';
import { runScan, type ScanStreamEvent } from '../scan-stream.js';
import { href, navigate, useLocation } from '../router.js';
import type { Run, SourceOutcome } from '../types.js';

const count = (run: Run, key: string): number | null => {
  const v = run.counts?.[key];
  return typeof v === 'number' ? v : null;
};

/** "3 complete · 1 failed"; a run without recorded sources is unknown, never "nothing went wrong". */
function sourcesText(sources: SourceOutcome[] | undefined): string {
  if (!sources || sources.length === 0) return 'unknown';
  const by = new Map<string, number>();
  for (const s of sources) by.set(s.outcome, (by.get(s.outcome) ?? 0) + 1);
  return [...by].map(([outcome, n]) => `${n} ${outcome}`).join(' · ');
}

export function RunsTable({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return <p class="muted">No runs yet.</p>;
  return (
    <TableWrap label="Runs">
      <table data-testid="runs">
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Status</th>
            <th scope="col">Finished</th>
            <th scope="col" class="num">
              Identities
            </th>
            <th scope="col">Sources</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <a href={`/runs/${encodeURIComponent(run.id)}`}>{`${run.platform}:${run.tenant}`}</a>
              </td>
              <td>
                <Status value={run.status} />
              </td>
              <td>
                <Time at={run.finishedAt} empty="not finished" />
              </td>
              <td class="num">{count(run, 'identities') ?? '—'}</td>
              <td>{sourcesText(run.sources)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function RunsPage() {
  const { query: q } = useLocation();
  const { platforms } = useSession();
  const platform = q.get('platform') ?? '';
  const tenant = q.get('tenant') ?? '';
  const runs = usePaged<Run>(`/runs${query({ platform, tenant, limit: 50 })}`);
  return (
    <section>
      <h1>Runs</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          navigate(href('/runs', { platform: String(data.get('platform')), tenant: String(data.get('tenant')) }));
        }}
      >
        <SelectField label="Platform" name="platform" value={platform} options={platformOptions(platforms)} />
        <TextField label="Tenant" name="tenant" value={tenant} />
        <button type="submit">Apply</button>
      </form>
      <ScanPanel onFinished={runs.reload} />
      <RunsTable runs={runs.items} />
      <PagerFooter paged={runs} noun="runs" />
    </section>
  );
}

type ScanStatus = 'idle' | 'running' | 'finished' | 'failed';

/** One line per tenant: what its run is doing now, then how it ended (and which sources did not answer). */
function progressText(data: Record<string, unknown>): string {
  const counts = data.counts as Record<string, unknown> | undefined;
  const identities = typeof counts?.identities === 'number' ? `${counts.identities} identities` : null;
  const calls = typeof data.apiCalls === 'number' ? `${data.apiCalls} API calls` : null;
  return [typeof data.state === 'string' ? data.state : 'scanning', identities, calls].filter(Boolean).join(' · ');
}

/** Starts a scan from the dashboard (admin tokens) and follows it as the server streams it. */
function ScanPanel({ onFinished }: { onFinished: () => void }) {
  const { me, platforms } = useSession();
  const [status, setStatus] = useState<ScanStatus>('idle');
  const [lines, setLines] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  if (me.role !== 'admin') return <p class="muted small">Starting a scan needs an admin token.</p>;
  const onEvent = (e: ScanStreamEvent) => {
    const tenant = String(e.data.tenant ?? '');
    if (e.event === 'progress') setLines((l) => ({ ...l, [tenant]: progressText(e.data) }));
    else if (e.event === 'source' && e.data.outcome !== 'complete')
      setLines((l) => ({ ...l, [`${tenant} ${e.data.source}`]: `${e.data.outcome}: ${e.data.message ?? ''}` }));
    else if (e.event === 'finished' || e.event === 'failed') {
      setStatus(e.event);
      setMessage(e.event === 'failed' ? String(e.data.message ?? 'the scan failed') : 'Scan finished.');
    }
  };
  const start = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    setStatus('running');
    setLines({});
    setMessage('');
    try {
      await runScan({ platform: String(data.get('platform') || '') || undefined }, onEvent);
    } catch (error) {
      setStatus('failed');
      setMessage((error as Error).message);
    }
    onFinished();
  };
  return (
    <form
      class="filters"
      aria-label="Scan"
      onSubmit={(e) => {
        e.preventDefault();
        void start(e.currentTarget);
      }}
    >
      <SelectField label="Scan platform" name="platform" options={platformOptions(platforms)} />
      <button type="submit" disabled={status === 'running'}>
        {status === 'running' ? 'Scanning…' : 'Start scan'}
      </button>
      <output data-testid="scan-status" data-status={status}>
        {message}
        <ul class="small">
          {Object.entries(lines).map(([tenant, text]) => (
            <li key={tenant}>{`${tenant}: ${text}`}</li>
          ))}
        </ul>
      </output>
    </form>
  );
}

export function RunPage({ id }: { id: string }) {
  const run = useApi<Run>(`/runs/${encodeURIComponent(id)}`);
  return (
    <section>
      <p>
        <a href="/runs">← Runs</a>
      </p>
      <LoadedView loaded={run}>{(r) => <RunBody run={r} />}</LoadedView>
    </section>
  );
}

function RunBody({ run }: { run: Run }) {
  return (
    <>
      <h1>{`Run of ${run.platform}:${run.tenant}`}</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <Status value={run.status} />
        </dd>
        <dt>Started</dt>
        <dd>{dateText(run.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{dateText(run.finishedAt)}</dd>
        <dt>Run id</dt>
        <dd class="mono">{run.id}</dd>
        {Object.entries(run.counts ?? {}).map(([k, v]) => [
          <dt key={`t${k}`}>{k}</dt>,
          <dd key={`d${k}`}>{String(v)}</dd>,
        ])}
      </dl>
      <h2>Sources</h2>
      {run.sources?.length ? (
        <SourcesTable sources={run.sources} />
      ) : (
        <p class="muted">Source outcomes unknown: this run recorded none.</p>
      )}
    </>
  );
}

function SourcesTable({ sources }: { sources: SourceOutcome[] }) {
  return (
    <TableWrap label="Source outcomes">
      <table data-testid="sources">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Outcome</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Permission</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id}>
              <td class="mono">{s.id}</td>
              <td>
                <Status value={s.outcome} />
              </td>
              <td class="mono small">{s.endpoint ?? '—'}</td>
              <td class="mono small">{s.permission ?? '—'}</td>
              <td class="small">{s.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
