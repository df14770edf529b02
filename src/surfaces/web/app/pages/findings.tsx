import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import {
  anyOf,
  platformOptions,
  PagerFooter,
  SelectField,
  TextField,
  SeverityBadge,
  Status,
  TableWrap,
  Time,
  WriteBlockNotice,
  evidenceList,
  identityHref,
} from '../components.js';
import { useApi, usePaged, useSession, writeBlock } from '../hooks.js';
import { href, navigate, useLocation } from '../router.js';
import { type Finding, type Rule, SEVERITIES } from '../types.js';

const FILTERS = ['severity', 'status', 'rule', 'platform', 'tenant', 'identity'] as const;
const OPEN = new Set(['open', 'reopened']);

export function FindingsPage() {
  const rules = useApi<{ items: Rule[] }>('/rules').data?.items ?? [];
  const { query: q } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, q.get(f) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  // "all" is the dashboard's own choice (no status filter); the API's default is open + reopened.
  const findings = usePaged<Finding>(
    `/findings${query({ ...filters, status: filters.status === 'all' ? undefined : filters.status, limit: 50 })}`,
  );
  return (
    <section>
      <h1>Findings</h1>
      <WriteBlockNotice />
      <FindingFilters filters={filters} rules={rules} />
      <BulkSuppress rules={rules} onDone={findings.reload} />
      <FindingsTable findings={findings.items} onChange={findings.reload} />
      <PagerFooter paged={findings} noun="findings" />
    </section>
  );
}

function FindingFilters({ filters, rules }: { filters: Record<(typeof FILTERS)[number], string>; rules: Rule[] }) {
  const { platforms } = useSession();
  const ruleOptions: Array<[string, string]> = [
    ['', 'any'],
    ...rules.map((r): [string, string] => [r.id, `${r.id} (${r.severity})`]),
  ];
  return (
    <form
      class="filters"
      aria-label="Filter findings"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        navigate(href('/findings', Object.fromEntries(FILTERS.map((f) => [f, String(data.get(f) ?? '')]))));
      }}
    >
      <SelectField label="Min severity" name="severity" value={filters.severity} options={anyOf(SEVERITIES)} />
      <SelectField label="Status" name="status" value={filters.status} options={STATUS_OPTIONS} />
      <SelectField label="Rule" name="rule" value={filters.rule} options={ruleOptions} />
      <SelectField label="Platform" name="platform" value={filters.platform} options={platformOptions(platforms)} />
      <TextField label="Tenant" name="tenant" value={filters.tenant} />
      <TextField label="Identity id" name="identity" value={filters.identity} />
      <button type="submit">Apply</button>
    </form>
  );
}

/** "all" is the dashboard's own value (no status filter); the API's default is open + reopened. */
const STATUS_OPTIONS: Array<[string, string]> = [
  ['', 'open + reopened'],
  ...['open', 'reopened', 'suppressed', 'resolved', 'all'].map((s): [string, string] => [s, s]),
];

export function FindingsTable({
  findings,
  showIdentity = true,
  onChange,
}: {
  findings: Finding[];
  showIdentity?: boolean;
  onChange?: () => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <TableWrap label="Findings">
      <table data-testid="findings">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Finding</th>
            {showIdentity ? <th scope="col">Identity</th> : null}
            <th scope="col">Status</th>
            <th scope="col">First seen</th>
            {onChange ? <th scope="col">Triage</th> : null}
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <FindingRow
              key={f.id}
              f={f}
              showIdentity={showIdentity}
              editing={editing === f.id}
              setEditing={(on) => setEditing(on ? f.id : null)}
              onChange={onChange}
            />
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

interface RowProps {
  f: Finding;
  showIdentity: boolean;
  editing: boolean;
  setEditing: (on: boolean) => void;
  onChange?: () => void;
}

function FindingRow({ f, showIdentity, editing, setEditing, onChange }: RowProps) {
  const columns = 4 + (showIdentity ? 1 : 0) + (onChange ? 1 : 0);
  return (
    <>
      <tr data-finding={f.id}>
        <td>
          <SeverityBadge severity={f.severity} />
        </td>
        <td class="name-cell">
          <div>{f.title}</div>
          <div class="small">{f.message}</div>
          <details class="small">
            <summary>
              <span class="mono">{f.ruleId}</span> · id <span class="mono">{f.id}</span>
            </summary>
            <ul class="evidence">
              {evidenceList(f.evidence).map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            {f.remediation ? <p>{`Fix: ${f.remediation}`}</p> : null}
          </details>
        </td>
        {showIdentity ? (
          <td class="name-cell">
            <a href={identityHref(f.identityId)}>{f.identityName ?? f.identityId}</a>
            <div class="muted small">{`${f.platform}:${f.tenant}`}</div>
          </td>
        ) : null}
        <td>
          <Status value={f.status} />
          {f.suppression ? (
            <div class="small muted">{`${f.suppression.reason} — ${f.suppression.by}${f.suppression.until ? `, until ${f.suppression.until.slice(0, 10)}` : ''}`}</div>
          ) : null}
        </td>
        <td>
          <Time at={f.firstSeen} />
        </td>
        {onChange ? (
          <td>
            <TriageButton f={f} editing={editing} setEditing={setEditing} />
          </td>
        ) : null}
      </tr>
      {editing && onChange ? (
        <tr class="edit-row">
          <td colSpan={columns}>
            <TriageForm
              f={f}
              onDone={() => {
                setEditing(false);
                onChange();
              }}
              onCancel={() => setEditing(false)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function TriageButton({ f, editing, setEditing }: { f: Finding; editing: boolean; setEditing: (on: boolean) => void }) {
  const { me } = useSession();
  const blocked = writeBlock(me.role);
  const suppressed = f.status === 'suppressed';
  if (!suppressed && !OPEN.has(f.status)) return null;
  return (
    <button
      type="button"
      disabled={blocked !== null}
      aria-expanded={editing}
      title={blocked ?? undefined}
      aria-describedby={blocked ? 'write-block' : undefined}
      onClick={() => setEditing(!editing)}
    >
      {suppressed ? 'Unsuppress' : 'Suppress'}
    </button>
  );
}

function TriageForm({ f, onDone, onCancel }: { f: Finding; onDone: () => void; onCancel: () => void }) {
  const { toast } = useSession();
  const [busy, setBusy] = useState(false);
  const suppressed = f.status === 'suppressed';
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const until = String(data.get('until') ?? '');
    const body = { reason: String(data.get('reason') ?? ''), ...(until && !suppressed ? { until } : {}) };
    setBusy(true);
    try {
      await api(`/findings/${encodeURIComponent(f.id)}/${suppressed ? 'unsuppress' : 'suppress'}`, {
        method: 'POST',
        body,
      });
      toast(`${suppressed ? 'Unsuppressed' : 'Suppressed'}: ${f.title} (${f.identityName ?? f.identityId})`);
      onDone();
    } catch (error) {
      toast((error as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <label>
        Reason
        <input name="reason" required minLength={3} maxLength={500} />
      </label>
      {suppressed ? null : (
        <label>
          Until (optional)
          <input name="until" type="date" />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {suppressed ? 'Unsuppress' : 'Suppress'}
      </button>
      <button type="button" class="ghost" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function BulkSuppress({ rules, onDone }: { rules: Rule[]; onDone: () => void }) {
  const { me, platforms, toast } = useSession();
  const blocked = writeBlock(me.role);
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const pick = (k: string) => String(data.get(k) ?? '') || undefined;
    try {
      const body = {
        ruleId: pick('ruleId'),
        reason: pick('reason'),
        until: pick('until'),
        platform: pick('platform'),
        tenant: pick('tenant'),
      };
      const result = await api<{ suppressed: number }>('/findings/suppress', { method: 'POST', body });
      toast(`Suppressed ${result.suppressed} findings of ${body.ruleId}`);
      form.reset();
      onDone();
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };
  return (
    <details class="bulk">
      <summary>Suppress every open finding of a rule</summary>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(e.currentTarget);
        }}
      >
        <fieldset disabled={blocked !== null}>
          <legend>{blocked ?? 'Bulk suppress (recorded in the audit log)'}</legend>
          <label>
            Rule
            <select name="ruleId" required>
              <option value="">choose…</option>
              {rules.map((r) => (
                <option key={r.id} value={r.id}>{`${r.id} — ${r.title}`}</option>
              ))}
            </select>
          </label>
          <SelectField label="Platform" name="platform" options={platformOptions(platforms)} />
          <label>
            Tenant
            <input name="tenant" />
          </label>
          <label>
            Reason
            <input name="reason" required minLength={3} maxLength={500} />
          </label>
          <label>
            Until (optional)
            <input name="until" type="date" />
          </label>
          <button type="submit">Suppress all</button>
        </fieldset>
      </form>
    </details>
  );
}
