import type { ComponentChildren } from 'preact';
import { query } from '../api.js';
import {
  anyOf,
  platformOptions,
  OwnerText,
  PagerFooter,
  SelectField,
  SeverityBadge,
  TableWrap,
  TextField,
  Time,
  identityHref,
} from '../components.js';
import { usePaged, useSession, useStored } from '../hooks.js';
import { href, navigate, useLocation } from '../router.js';
import { type IdentityRow, SEVERITIES } from '../types.js';

/** Every filter of `steward inventory`, by its query-string name (the URL holds the view's state). */
const FILTERS = ['platform', 'tenant', 'kind', 'nativeType', 'owner', 'q', 'severity', 'status', 'sort'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

interface Column {
  id: string;
  label: string;
  num?: boolean;
  cell: (row: IdentityRow) => ComponentChildren;
}

const COLUMNS: Column[] = [
  { id: 'name', label: 'Name', cell: (r) => <a href={identityHref(r.id)}>{r.name}</a> },
  { id: 'platform', label: 'Platform', cell: (r) => r.platform },
  { id: 'tenant', label: 'Tenant', cell: (r) => r.tenant },
  { id: 'kind', label: 'Kind', cell: (r) => r.kind },
  { id: 'nativeType', label: 'Native type', cell: (r) => <span class="mono">{r.nativeType}</span> },
  { id: 'owner', label: 'Owner', cell: (r) => <OwnerText owner={r.owner} /> },
  { id: 'topSeverity', label: 'Top severity', cell: (r) => <SeverityBadge severity={r.topSeverity} /> },
  { id: 'openFindings', label: 'Open findings', num: true, cell: (r) => r.openFindings },
  { id: 'credentials', label: 'Credentials', num: true, cell: (r) => r.credentials },
  { id: 'lastUsedAt', label: 'Last used', cell: (r) => <Time at={r.lastUsedAt} empty="never / unknown" /> },
  { id: 'createdAt', label: 'Created', cell: (r) => <Time at={r.createdAt} /> },
  { id: 'goneAt', label: 'Gone', cell: (r) => <Time at={r.goneAt} empty="" /> },
  { id: 'id', label: 'Id', cell: (r) => <span class="mono small">{r.id}</span> },
];
const DEFAULT_COLUMNS = ['name', 'platform', 'tenant', 'kind', 'owner', 'topSeverity', 'openFindings', 'lastUsedAt'];

export function InventoryPage() {
  const { query: q } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, q.get(f) ?? ''])) as Filters;
  const [shown, setShown] = useStored<string[]>('steward.inventory.columns', DEFAULT_COLUMNS);
  const columns = COLUMNS.filter((c) => shown.includes(c.id));
  const rows = usePaged<IdentityRow>(`/identities${query({ ...filters, limit: 50 })}`);
  return (
    <section>
      <h1>Inventory</h1>
      <InventoryFilters filters={filters} />
      <ColumnChooser shown={shown} setShown={setShown} />
      <TableWrap label="Identities">
        <table data-testid="inventory">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.id} scope="col" class={c.num ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.items.map((row) => (
              <tr key={row.id}>
                {columns.map((c) => (
                  <td key={c.id} class={c.num ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <PagerFooter paged={rows} noun="identities" />
    </section>
  );
}

function InventoryFilters({ filters }: { filters: Filters }) {
  const { platforms } = useSession();
  const nativeTypes = [
    ...new Set(platforms.filter((p) => !filters.platform || p.id === filters.platform).flatMap((p) => p.nativeTypes)),
  ].sort();
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    navigate(href('/inventory', Object.fromEntries(FILTERS.map((f) => [f, String(data.get(f) ?? '')]))));
  };
  return (
    <form
      class="filters"
      aria-label="Filter identities"
      onSubmit={(e) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
    >
      <TextField label="Search" name="q" value={filters.q} placeholder="name or id" />
      <SelectField
        label="Platform"
        name="platform"
        value={filters.platform}
        options={platformOptions(platforms)}
        onChange={(s) => apply(s.form!)}
      />
      <TextField label="Tenant" name="tenant" value={filters.tenant} />
      <TextField label="Kind" name="kind" value={filters.kind} />
      <SelectField label="Native type" name="nativeType" value={filters.nativeType} options={anyOf(nativeTypes)} />
      <TextField label="Owner" name="owner" value={filters.owner} placeholder="e-mail, team or none" />
      <SelectField label="Min severity" name="severity" value={filters.severity} options={anyOf(SEVERITIES)} />
      <SelectField label="Status" name="status" value={filters.status} options={STATUS_OPTIONS} />
      <SelectField label="Sort" name="sort" value={filters.sort} options={SORT_OPTIONS} />
      <button type="submit">Apply</button>
      <a class="button ghost" href="/inventory">
        Reset
      </a>
    </form>
  );
}

const STATUS_OPTIONS: Array<[string, string]> = [
  ['', 'current'],
  ['gone', 'gone'],
  ['all', 'all'],
];
const SORT_OPTIONS: Array<[string, string]> = [
  ['', 'name'],
  ['fixFirst', 'fix first'],
  ['lastUsed', 'last used'],
  ['created', 'created'],
];

function ColumnChooser({ shown, setShown }: { shown: string[]; setShown: (ids: string[]) => void }) {
  return (
    <details class="columns">
      <summary>Columns</summary>
      <fieldset>
        <legend>Columns shown</legend>
        {COLUMNS.map((c) => (
          <label key={c.id} class="check">
            <input
              type="checkbox"
              name="column"
              value={c.id}
              checked={shown.includes(c.id)}
              onChange={(e) =>
                setShown(
                  e.currentTarget.checked
                    ? COLUMNS.map((x) => x.id).filter((id) => id === c.id || shown.includes(id))
                    : shown.filter((id) => id !== c.id),
                )
              }
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
