import { query } from '../api.js';
import {
  anyOf,
  LoadedView,
  PagerFooter,
  SelectField,
  Status,
  TableWrap,
  TextField,
  identityHref,
  suggestionLabel,
} from '../components.js';
import { useApi, usePaged } from '../hooks.js';
import { href, navigate, useLocation } from '../router.js';
import type { OffboardEntry, OffboardReport, PersonRow } from '../types.js';

const personHref = (email: string) => `/people/${encodeURIComponent(email)}`;

export function PeoplePage() {
  const { query: q } = useLocation();
  const [text, status] = [q.get('q') ?? '', q.get('status') ?? ''];
  const people = usePaged<PersonRow>(`/people${query({ q: text, status, limit: 50 })}`);
  return (
    <section>
      <h1>People</h1>
      <PeopleFilters text={text} status={status} />
      <TableWrap label="People">
        <table data-testid="people">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Team</th>
              <th scope="col">Manager</th>
              <th scope="col" class="num">
                Owns
              </th>
            </tr>
          </thead>
          <tbody>
            {people.items.map((p, n) => (
              <tr key={p.email ?? `${p.name}|${n}`}>
                <td>
                  {p.email ? (
                    <a href={personHref(p.email)}>{p.name ?? p.email}</a>
                  ) : (
                    (p.name ?? <span class="muted">unnamed</span>)
                  )}
                  <div class="muted small mono">{p.email ?? 'no e-mail address known'}</div>
                </td>
                <td>
                  <Status value={p.status} />
                </td>
                <td>{p.team ?? ''}</td>
                <td class="small">{p.manager ?? ''}</td>
                <td class="num">{p.owned}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <PagerFooter paged={people} noun="people" />
    </section>
  );
}

export function PersonPage({ email }: { email: string }) {
  const report = useApi<OffboardReport>(`/people/${encodeURIComponent(email)}/offboarding`);
  return (
    <section>
      <p>
        <a href="/people">← People</a>
      </p>
      <LoadedView loaded={report}>{(r) => <Offboarding r={r} />}</LoadedView>
    </section>
  );
}

function Offboarding({ r }: { r: OffboardReport }) {
  return (
    <>
      <h1>{r.person?.name ?? r.email}</h1>
      <p class="subtitle">
        <span class="mono">{r.email}</span> <Status value={r.person?.status ?? 'unknown'} />
        {r.person?.team ? ` · team ${r.person.team}` : ''}
      </p>
      <h2>{`Owns ${r.owned.length} identities`}</h2>
      <p class="muted">
        {r.person?.status === 'departed'
          ? 'This person has left: each of these needs a new owner (the suggested one, or another).'
          : 'When this person leaves, each of these needs a new owner (the suggested one, or another).'}
      </p>
      <OffboardTable entries={r.owned} label="Owned identities" />
      <h2>{`Candidate owner of ${r.candidateOnly.length} more`}</h2>
      <OffboardTable entries={r.candidateOnly} label="Candidate only" />
    </>
  );
}

function OffboardTable({ entries, label }: { entries: OffboardEntry[]; label: string }) {
  if (entries.length === 0) return <p class="muted">None.</p>;
  return (
    <TableWrap label={label}>
      <table data-testid="offboarding">
        <thead>
          <tr>
            <th scope="col">Identity</th>
            <th scope="col">Kind</th>
            <th scope="col">How connected</th>
            <th scope="col">Suggested new owner</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.identityId}>
              <td>
                <a href={identityHref(e.identityId)}>{e.name}</a>
                <div class="muted small">{`${e.platform}:${e.tenant}`}</div>
              </td>
              <td>{e.kind}</td>
              <td class="small">{[...e.sources, ...e.evidence].join('; ')}</td>
              <td>{suggestionLabel(e.suggestion) ?? <span class="muted">none</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PeopleFilters({ text, status }: { text: string; status: string }) {
  return (
    <form
      class="filters"
      aria-label="Filter people"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        navigate(href('/people', { q: String(data.get('q') ?? ''), status: String(data.get('status') ?? '') }));
      }}
    >
      <TextField label="Search" name="q" value={text} placeholder="name or e-mail" />
      <SelectField label="Status" name="status" value={status} options={anyOf(['active', 'departed', 'disabled'])} />
      <button type="submit">Apply</button>
    </form>
  );
}
