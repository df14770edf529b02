import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import {
  OwnerText,
  PagerFooter,
  platformOptions,
  SelectField,
  Status,
  TableWrap,
  TextField,
  WriteBlockNotice,
  identityHref,
  suggestionLabel,
} from '../components.js';
import { usePaged, useSession, writeBlock } from '../hooks.js';
import { href, navigate, useLocation } from '../router.js';
import type { OwnershipRow, Suggestion } from '../types.js';

const STATUSES = ['orphaned', 'departed', 'unverified', 'owned'];

/** `team:NAME` assigns a team, anything else is an e-mail address. */
function ownerBody(value: string, reason: string): Record<string, string> {
  const v = value.trim();
  const who: Record<string, string> = v.toLowerCase().startsWith('team:') ? { team: v.slice(5).trim() } : { email: v };
  return reason ? { ...who, reason } : who;
}

export function AssignOwnerForm(props: {
  identityId: string;
  suggestion: Suggestion | null;
  hasOwner: boolean;
  onDone: () => void;
}) {
  const { me, toast } = useSession();
  const blocked = writeBlock(me.role);
  const [busy, setBusy] = useState(false);
  const path = `/identities/${encodeURIComponent(props.identityId)}/owner`;
  const call = async (init: { method: string; body?: unknown }, done: string) => {
    setBusy(true);
    try {
      await api(path, init);
      toast(done);
      props.onDone();
    } catch (error) {
      toast((error as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="inline-form"
      aria-label="Assign an owner"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const owner = String(data.get('owner') ?? '');
        void call({ method: 'PUT', body: ownerBody(owner, String(data.get('reason') ?? '')) }, `Owner set to ${owner}`);
      }}
    >
      <fieldset disabled={blocked !== null || busy}>
        <legend>{blocked ?? 'Assign an owner'}</legend>
        <TextField
          label="Owner (e-mail or team:NAME)"
          name="owner"
          required
          value={suggestionLabel(props.suggestion) ?? ''}
        />
        <label>
          Reason
          <input name="reason" />
        </label>
        <button type="submit">Assign</button>
        {props.hasOwner ? (
          <button type="button" class="ghost" onClick={() => void call({ method: 'DELETE' }, 'Owner removed')}>
            Remove owner
          </button>
        ) : null}
      </fieldset>
    </form>
  );
}

export function OwnersPage() {
  const { query: q } = useLocation();
  const { platforms } = useSession();
  const status = q.get('status') || 'orphaned';
  const [platform, tenant] = [q.get('platform') ?? '', q.get('tenant') ?? ''];
  const rows = usePaged<OwnershipRow>(`/owners${query({ status, platform, tenant, limit: 50 })}`);
  return (
    <section>
      <h1>Owners & orphans</h1>
      <WriteBlockNotice />
      <form
        class="filters"
        aria-label="Filter ownership"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const pick = (k: string) => String(data.get(k) ?? '');
          navigate(href('/owners', { status: pick('status'), platform: pick('platform'), tenant: pick('tenant') }));
        }}
      >
        <SelectField label="Status" name="status" value={status} options={STATUSES.map((s) => [s, s])} />
        <SelectField label="Platform" name="platform" value={platform} options={platformOptions(platforms)} />
        <TextField label="Tenant" name="tenant" value={tenant} />
        <button type="submit">Apply</button>
      </form>
      <OwnershipTable rows={rows.items} reload={rows.reload} />
      <PagerFooter paged={rows} noun="identities" />
    </section>
  );
}

const suggestionOf = (row: OwnershipRow) => row.suggestion;

function OwnershipTable({ rows, reload }: { rows: OwnershipRow[]; reload: () => void }) {
  const { me, toast } = useSession();
  const blocked = writeBlock(me.role);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assigning, setAssigning] = useState<string | null>(null);
  const withSuggestion = rows.filter((r) => suggestionOf(r));
  const accept = async () => {
    try {
      const result = await api<{ accepted: number }>('/owners/accept-suggestions', {
        method: 'POST',
        body: { identityIds: [...selected] },
      });
      toast(`Accepted ${result.accepted} suggested owners`);
      setSelected(new Set());
      reload();
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const describedBy = blocked ? 'write-block' : undefined;
  return (
    <>
      <div class="toolbar">
        <button
          type="button"
          disabled={blocked !== null || withSuggestion.length === 0}
          aria-describedby={describedBy}
          onClick={() => setSelected(new Set(withSuggestion.map((r) => r.identity.id)))}
        >
          Select all with a suggestion
        </button>
        <button
          type="button"
          disabled={blocked !== null || selected.size === 0}
          aria-describedby={describedBy}
          onClick={() => void accept()}
        >
          {`Accept ${selected.size} suggestions`}
        </button>
      </div>
      <TableWrap label="Ownership">
        <table data-testid="owners">
          <OwnershipHead />
          <tbody>
            {rows.map((r) => (
              <OwnershipRowView
                key={r.identity.id}
                r={r}
                blocked={blocked}
                selected={selected.has(r.identity.id)}
                onSelect={(on) => toggle(r.identity.id, on)}
                assigning={assigning === r.identity.id}
                setAssigning={(on) => setAssigning(on ? r.identity.id : null)}
                reload={reload}
              />
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

interface RowProps {
  r: OwnershipRow;
  blocked: string | null;
  selected: boolean;
  onSelect: (on: boolean) => void;
  assigning: boolean;
  setAssigning: (on: boolean) => void;
  reload: () => void;
}

function OwnershipRowView({ r, blocked, selected, onSelect, assigning, setAssigning, reload }: RowProps) {
  const suggestion = suggestionOf(r);
  const name = r.identity.name;
  return (
    <>
      <tr data-identity={r.identity.id}>
        <td class="select-cell">
          <input
            type="checkbox"
            aria-label={`Select ${name}`}
            disabled={blocked !== null || !suggestion}
            checked={selected}
            onChange={(e) => onSelect(e.currentTarget.checked)}
          />
        </td>
        <td class="name-cell">
          <a href={identityHref(r.identity.id)}>{name}</a>
          <div class="muted small">{`${r.identity.platform}:${r.identity.tenant}`}</div>
        </td>
        <td>
          <Status value={r.status} />
          {r.orphanReason ? <div class="muted small">{r.orphanReason}</div> : null}
        </td>
        <td>
          <OwnerText owner={r.owner} />
        </td>
        <td>
          {suggestion ? (
            <>
              <span class="mono">{suggestionLabel(suggestion)}</span>
              <div class="muted small">{suggestion.source ?? suggestion.reason ?? ''}</div>
            </>
          ) : (
            <span class="muted">none</span>
          )}
        </td>
        <td>
          <button
            type="button"
            disabled={blocked !== null}
            aria-describedby={blocked ? 'write-block' : undefined}
            aria-expanded={assigning}
            onClick={() => setAssigning(!assigning)}
          >
            Assign
          </button>
        </td>
      </tr>
      {assigning ? (
        <tr class="edit-row">
          <td colSpan={6}>
            <AssignOwnerForm
              identityId={r.identity.id}
              suggestion={suggestion}
              hasOwner={r.owner !== null}
              onDone={() => {
                setAssigning(false);
                reload();
              }}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function OwnershipHead() {
  return (
    <thead>
      <tr>
        <th scope="col" class="select-cell">
          <span class="sr-only">Select</span>
        </th>
        <th scope="col">Identity</th>
        <th scope="col">Status</th>
        <th scope="col">Owner</th>
        <th scope="col">Suggested owner</th>
        <th scope="col">Assign</th>
      </tr>
    </thead>
  );
}
