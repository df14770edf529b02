import type { ComponentChildren } from 'preact';
import { type Loaded, type Paged, useSession, writeBlock } from './hooks.js';
import type { Owner, PlatformInfo, Severity, Suggestion } from './types.js';

export function SeverityBadge({ severity }: { severity: Severity | string | null | undefined }) {
  if (!severity) return <span class="muted">—</span>;
  return <span class={`sev sev-${severity}`}>{severity}</span>;
}

export function Status({ value }: { value: string | null | undefined }) {
  if (!value) return <span class="muted">unknown</span>;
  return <span class={`status status-${value.replace(/[^a-z-]/gi, '')}`}>{value}</span>;
}

const DAY = 86_400_000;

/** A time as "12 d ago" (UTC date in the tooltip); null shows as "never"/"—". */
export function Time({ at, empty = '—' }: { at: string | null | undefined; empty?: string }) {
  if (!at) return <span class="muted">{empty}</span>;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return <span>{at}</span>;
  return (
    <time dateTime={at} title={new Date(t).toISOString()}>
      {relative(Date.now() - t)}
    </time>
  );
}

function relative(ms: number): string {
  const future = ms < 0;
  const abs = Math.abs(ms);
  const text =
    abs < 3_600_000
      ? `${Math.max(1, Math.round(abs / 60_000))} min`
      : abs < DAY
        ? `${Math.round(abs / 3_600_000)} h`
        : abs < 730 * DAY
          ? `${Math.round(abs / DAY)} d`
          : `${(abs / (365 * DAY)).toFixed(1)} y`;
  return future ? `in ${text}` : `${text} ago`;
}

export const dateText = (at: string | null | undefined): string =>
  at ? at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';

export function ownerLabel(owner: Owner | null | undefined): string | null {
  if (!owner) return null;
  return owner.email ?? (owner.team ? `team:${owner.team}` : owner.login ? `login ${owner.login}` : null);
}

export function OwnerText({ owner }: { owner: Owner | null | undefined }) {
  if (!owner) return <span class="muted">none</span>;
  // A vendor account with no e-mail address known (e.g. a login only) is still an owner: say what is known.
  const label = ownerLabel(owner) ?? `unnamed person (via ${owner.source ?? 'unknown source'})`;
  return (
    <span>
      {owner.name && owner.name !== label ? `${owner.name} ` : ''}
      <span class="mono">{label}</span>
      {owner.status && owner.status !== 'active' ? <span class="tag warn">{owner.status}</span> : null}
    </span>
  );
}

export function suggestionLabel(s: Suggestion | null | undefined): string | null {
  if (!s) return null;
  return s.email ?? (s.team ? `team:${s.team}` : null);
}

export function evidenceList(evidence: unknown): string[] {
  if (evidence === null || evidence === undefined) return [];
  if (Array.isArray(evidence)) return evidence.map(evidenceText);
  if (typeof evidence === 'string') return [evidence];
  return Object.entries(evidence as Record<string, unknown>).map(
    ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
}

/** A finding's evidence item `{ field, value, source }` as "field = value (source)"; anything else as JSON. */
function evidenceText(e: unknown): string {
  if (typeof e === 'string') return e;
  const item = e as { field?: unknown; value?: unknown; source?: unknown } | null;
  if (item && typeof item.field === 'string') {
    const value = typeof item.value === 'string' ? item.value : JSON.stringify(item.value);
    return `${item.field} = ${value}${typeof item.source === 'string' ? ` (${item.source})` : ''}`;
  }
  return JSON.stringify(e);
}

export function ErrorBox({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error.message}
    </p>
  );
}

/** Loading / error / content of one GET. */
export function LoadedView<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  if (!loaded.data)
    return (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    );
  return <>{children(loaded.data)}</>;
}

/** The footer of a paged table: how many are shown, and the button for the next page. */
export function PagerFooter({ paged, noun }: { paged: Paged<unknown>; noun: string }) {
  return (
    <div class="pager">
      <ErrorBox error={paged.error} />
      <span class="muted" aria-live="polite">
        {paged.loading && paged.items.length === 0
          ? 'Loading…'
          : `${paged.items.length}${paged.total !== undefined ? ` of ${paged.total}` : ''} ${noun} shown`}
      </span>
      {paged.hasMore ? (
        <button type="button" onClick={paged.loadMore} disabled={paged.loading}>
          {paged.loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </div>
  );
}

/** Wide tables scroll inside this box, never the page (usable at 390 px). */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

export function Figure({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <div class="figure">
      <div class="figure-value">{value}</div>
      <div class="figure-label">{label}</div>
      {hint ? <div class="figure-hint muted">{hint}</div> : null}
    </div>
  );
}

export const identityHref = (id: string): string => `/identities/${encodeURIComponent(id)}`;

/** Shown once above write controls a viewer cannot use; the disabled buttons point at it (aria-describedby). */
export function WriteBlockNotice() {
  const { me } = useSession();
  const blocked = writeBlock(me.role);
  if (!blocked) return null;
  return (
    <p id="write-block" class="notice" data-testid="write-block">
      {blocked}
    </p>
  );
}

/**
 * A labelled select; `options` are [value, text] pairs, the first usually ['', 'any']. Like {@link TextField} it is
 * seeded, not controlled: what the user picked stands when the page re-renders (a list that answers later), and a
 * new seed (the URL changed) rebuilds the element under a new key.
 */
export function SelectField(props: {
  label: string;
  name: string;
  /** The initial selection (from the URL); left out, the first option. */
  value?: string;
  options: Array<[value: string, text: string]>;
  onChange?: (select: HTMLSelectElement) => void;
}) {
  return (
    <label>
      {props.label}
      <select key={props.value} name={props.name} onChange={(e) => props.onChange?.(e.currentTarget)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled free-text field seeded with `value`. */
export function TextField(props: {
  label: string;
  name: string;
  value: string;
  placeholder?: string;
  required?: boolean;
}) {
  return (
    <label>
      {props.label}
      <input
        key={props.value}
        name={props.name}
        type="search"
        defaultValue={props.value}
        placeholder={props.placeholder}
        required={props.required}
      />
    </label>
  );
}

/** [value, text] pairs for a select: "any" first, then each value as its own text. */
export const anyOf = (values: readonly string[], anyText = 'any'): Array<[string, string]> => [
  ['', anyText],
  ...values.map((v): [string, string] => [v, v]),
];

/** The registry's platforms as select options (the dashboard has no list of its own). */
export const platformOptions = (platforms: PlatformInfo[]): Array<[string, string]> => [
  ['', 'any'],
  ...platforms.map((p): [string, string] => [p.id, p.title]),
];
