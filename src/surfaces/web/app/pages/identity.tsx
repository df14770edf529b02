import { ReachGraph } from '../charts.js';
import {
  LoadedView,
  OwnerText,
  SeverityBadge,
  TableWrap,
  Time,
  dateText,
  evidenceList,
  suggestionLabel,
} from '../components.js';
import { useApi } from '../hooks.js';
import { href } from '../router.js';
import type { IdentityDetail } from '../types.js';
import { IdentityDetections } from './detections.js';
import { FindingsTable } from './findings.js';
import { AssignOwnerForm } from './owners.js';

export function IdentityPage({ id }: { id: string }) {
  const detail = useApi<IdentityDetail>(`/identities/${encodeURIComponent(id)}`);
  return (
    <section>
      <p>
        <a href="/inventory">← Inventory</a>
      </p>
      <LoadedView loaded={detail}>{(d) => <IdentityBody d={d} reload={detail.reload} />}</LoadedView>
    </section>
  );
}

function IdentityBody({ d, reload }: { d: IdentityDetail; reload: () => void }) {
  const i = d.identity;
  return (
    <>
      <h1>{i.name}</h1>
      <p class="subtitle">
        <span>{`${i.platform}:${i.tenant}`}</span> · <span>{i.kind}</span> · <span class="mono">{i.nativeType}</span>
        {i.goneAt ? <span class="tag warn">{`gone since ${dateText(i.goneAt)}`}</span> : null}
      </p>
      <p class="mono small muted">{i.id}</p>
      <div class="grid2">
        <OwnerSection d={d} reload={reload} />
        <section aria-labelledby="life-h">
          <h2 id="life-h">Lifecycle</h2>
          <dl class="facts">
            <dt>Created</dt>
            <dd>{dateText(i.createdAt)}</dd>
            <dt>Last used</dt>
            <dd>{i.lastUsedAt ? dateText(i.lastUsedAt) : 'never / not recorded'}</dd>
            <dt>First seen</dt>
            <dd>{dateText(i.firstSeen)}</dd>
            <dt>Last seen</dt>
            <dd>{dateText(i.lastSeen)}</dd>
            <dt>Top severity</dt>
            <dd>
              <SeverityBadge severity={i.topSeverity} />
            </dd>
          </dl>
        </section>
      </div>
      <ReachSection d={d} />
      <CredentialsSection d={d} />
      <section aria-labelledby="findings-h">
        <h2 id="findings-h">Findings</h2>
        {d.findings.length ? (
          <FindingsTable findings={d.findings} showIdentity={false} />
        ) : (
          <p class="muted">No findings.</p>
        )}
        <p>
          <a href={href('/findings', { identity: i.id, status: 'all' })}>Triage these findings</a>
        </p>
      </section>
      <IdentityDetections id={i.id} />
      <AttributesSection attributes={i.attributes} />
      <HistorySection d={d} />
    </>
  );
}

function OwnerSection({ d, reload }: { d: IdentityDetail; reload: () => void }) {
  return (
    <section aria-labelledby="owner-h">
      <h2 id="owner-h">Owner</h2>
      {d.owner ? (
        <>
          <p data-testid="owner">
            <OwnerText owner={d.owner} />
          </p>
          <p class="muted small">{`source ${d.owner.source ?? 'unknown'}, confidence ${d.owner.confidence ?? 'unknown'}`}</p>
          <ul class="evidence">
            {d.owner.evidence.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="owner" class="muted">
          No owner.
        </p>
      )}
      {d.suggestions.length ? (
        <>
          <h3>Suggested owners</h3>
          <ul class="evidence">
            {d.suggestions.map((s) => (
              <li key={suggestionLabel(s)}>
                <span class="mono">{suggestionLabel(s)}</span>
                {` (${s.source ?? s.reason ?? 'suggested'}${s.confidence ? `, ${s.confidence}` : ''})`}
                {evidenceList(s.evidence).length ? (
                  <span class="muted small">{` — ${evidenceList(s.evidence).join('; ')}`}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <AssignOwnerForm
        identityId={d.identity.id}
        suggestion={d.suggestions[0] ?? null}
        hasOwner={d.owner !== null}
        onDone={reload}
      />
    </section>
  );
}

function ReachSection({ d }: { d: IdentityDetail }) {
  return (
    <section aria-labelledby="reach-h">
      <h2 id="reach-h">What it can reach</h2>
      <ReachGraph identityId={d.identity.id} name={d.identity.name} permissions={d.permissions} edges={d.edges} />
      {d.permissions.length ? (
        <TableWrap label="Permissions">
          <table data-testid="permissions">
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">Action</th>
                <th scope="col">Access</th>
                <th scope="col">Sensitivity</th>
              </tr>
            </thead>
            <tbody>
              {d.permissions.map((p, n) => (
                <tr key={`${p.resource}|${p.action}|${n}`}>
                  <td class="mono small">{p.resource}</td>
                  <td class="mono small">{p.action ?? ''}</td>
                  <td>
                    <span class={`tag acc-${p.access}`}>{p.access}</span>
                  </td>
                  <td>{p.sensitivity ?? 'unknown'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {d.edges.length ? (
        <ul class="evidence">
          {d.edges.map((e) => (
            <li key={`${e.from}|${e.kind}|${e.to}`}>
              <span class="mono">{e.fromName ?? e.from}</span>
              {` —${e.kind}→ `}
              <span class="mono">{e.toName ?? e.to}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function CredentialsSection({ d }: { d: IdentityDetail }) {
  return (
    <section aria-labelledby="cred-h">
      <h2 id="cred-h">Credentials</h2>
      {d.credentials.length === 0 ? (
        <p class="muted">No credentials.</p>
      ) : (
        <TableWrap label="Credentials">
          <table data-testid="credentials">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col" class="num">
                  Age (days)
                </th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {d.credentials.map((c) => (
                <tr key={c.id}>
                  <td>{c.name ?? <span class="mono small">{c.id}</span>}</td>
                  <td>{c.kind}</td>
                  <td class="num">{c.ageDays ?? 'unknown'}</td>
                  <td>
                    <Time at={c.lastUsedAt} empty="never / not recorded" />
                  </td>
                  <td>{c.expiresAt ? dateText(c.expiresAt) : <span class="muted">never</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function AttributesSection({ attributes }: { attributes: Record<string, unknown> }) {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="attr-h">
      <h2 id="attr-h">Attributes</h2>
      <dl class="facts">
        {entries.map(([k, v]) => [
          <dt key={`t${k}`}>{k}</dt>,
          <dd key={`d${k}`} class="mono small">
            {typeof v === 'string' ? v : JSON.stringify(v)}
          </dd>,
        ])}
      </dl>
    </section>
  );
}

function HistorySection({ d }: { d: IdentityDetail }) {
  return (
    <section aria-labelledby="hist-h">
      <h2 id="hist-h">History</h2>
      {d.history.length === 0 ? (
        <p class="muted">No recorded changes.</p>
      ) : (
        <ol class="history">
          {d.history.map((h) => (
            <li key={`${h.runId}|${h.change}|${h.at}`}>
              <span class="mono small">{dateText(h.at)}</span> {h.change}{' '}
              {h.runId ? (
                <a class="small" href={`/runs/${encodeURIComponent(h.runId)}`}>
                  run
                </a>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
