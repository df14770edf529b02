import './styles.css';
import { type JSX, render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, adoptTokenFromFragment, api, clearToken, getToken, setToken } from './api.js';
import { ErrorBox } from './components.js';
import { type Session, SessionContext, useStored } from './hooks.js';
import { DetectionsPage } from './pages/detections.js';
import { FindingsPage } from './pages/findings.js';
import { IdentityPage } from './pages/identity.js';
import { InventoryPage } from './pages/inventory.js';
import { OverviewPage } from './pages/overview.js';
import { OwnersPage } from './pages/owners.js';
import { PeoplePage, PersonPage } from './pages/people.js';
import { ReviewsPage } from './pages/reviews.js';
import { RunPage, RunsPage } from './pages/runs.js';
import { interceptLinks, match, useLocation } from './router.js';
import type { Me, PlatformInfo } from './types.js';

const NAV: Array<[path: string, label: string]> = [
  ['/', 'Overview'],
  ['/inventory', 'Inventory'],
  ['/findings', 'Findings'],
  ['/detections', 'Detections'],
  ['/owners', 'Owners'],
  ['/people', 'People'],
  ['/reviews', 'Reviews'],
  ['/runs', 'Runs'],
];

/** Pattern → page; parameters are decoded by `match`. */
const ROUTES: Array<[pattern: string, page: (params: Record<string, string>) => JSX.Element]> = [
  ['/', () => <OverviewPage />],
  ['/inventory', () => <InventoryPage />],
  ['/identities/:id', (p) => <IdentityPage id={p.id} />],
  ['/findings', () => <FindingsPage />],
  ['/detections', () => <DetectionsPage />],
  ['/owners', () => <OwnersPage />],
  ['/people', () => <PeoplePage />],
  ['/people/:email', (p) => <PersonPage email={p.email} />],
  ['/reviews', () => <ReviewsPage />],
  ['/runs', () => <RunsPage />],
  ['/runs/:id', (p) => <RunPage id={p.id} />],
];

function Routes({ path }: { path: string }) {
  for (const [pattern, page] of ROUTES) {
    const params = match(pattern, path);
    if (params) return page(params);
  }
  return (
    <section>
      <h1>Not found</h1>
      <p>
        No page at <span class="mono">{path}</span>. <a href="/">Back to the overview</a>.
      </p>
    </section>
  );
}

type Theme = 'system' | 'light' | 'dark';

/** The colour scheme: the system's until the user picks one (kept in localStorage). Returns whether it is dark. */
function useTheme(): [boolean, () => void] {
  const [theme, setTheme] = useStored<Theme>('steward.theme', 'system');
  const systemDark = matchMedia('(prefers-color-scheme: dark)').matches;
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  const dark = theme === 'dark' || (theme === 'system' && systemDark);
  const toggle = useCallback(() => setTheme(dark ? 'light' : 'dark'), [dark, setTheme]);
  return [dark, toggle];
}

interface Toast {
  id: number;
  message: string;
  kind: 'ok' | 'error';
}

function Shell({ me, platforms, onSignOut }: { me: Me; platforms: PlatformInfo[]; onSignOut: () => void }) {
  const { path } = useLocation();
  const [dark, toggleTheme] = useTheme();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toast = useCallback((message: string, kind: 'ok' | 'error' = 'ok') => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, message, kind }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 6000);
  }, []);
  const session = useMemo<Session>(() => ({ me, platforms, toast }), [me, platforms, toast]);
  const firstPath = useRef(path);
  useEffect(() => {
    // After an in-app navigation, move focus to the new content, as a full page load would (screen readers).
    if (path !== firstPath.current) document.getElementById('main')?.focus();
    firstPath.current = '';
  }, [path]);
  useEffect(() => {
    document.title = `${NAV.find(([p]) => p !== '/' && path.startsWith(p))?.[1] ?? (path === '/' ? 'Overview' : 'Steward')} · Steward`;
  }, [path]);
  const active = (p: string) =>
    p === '/' ? path === '/' : path.startsWith(p) || (p === '/inventory' && path.startsWith('/identities'));
  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          Steward
        </a>
        <nav aria-label="Main">
          {NAV.map(([p, label]) => (
            <a key={p} href={p} aria-current={active(p) ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span title={`token ${me.tokenId}`}>
            {me.name} <span class="tag">{me.role}</span>
          </span>
          <button type="button" class="ghost" onClick={toggleTheme} aria-pressed={dark}>
            Dark mode
          </button>
          <button type="button" class="ghost" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes path={path} />
      </main>
      <div class="toasts" aria-live="polite" role="status">
        {toasts.map((t) => (
          <div key={t.id} class={`toast toast-${t.kind}`}>
            {t.message}
          </div>
        ))}
      </div>
    </SessionContext.Provider>
  );
}

function TokenForm({ error, onToken }: { error: Error | null; onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <main id="main" class="signin">
      <h1>Steward</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <label for="token">Paste your API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <p class="muted">
          Create one with <span class="mono">steward tokens create --name NAME --role viewer</span>. It is kept in this
          tab only.
        </p>
        <ErrorBox error={error} />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

function App() {
  const [session, setSession] = useState<{ me: Me; platforms: PlatformInfo[] } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [checking, setChecking] = useState(getToken() !== null);
  const signIn = useCallback(async () => {
    setChecking(true);
    try {
      const [me, platforms] = await Promise.all([api<Me>('/me'), api<{ items: PlatformInfo[] }>('/platforms')]);
      setSession({ me, platforms: platforms.items });
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) clearToken();
      setError(e as Error);
    } finally {
      setChecking(false);
    }
  }, []);
  useEffect(() => {
    if (getToken()) void signIn();
  }, [signIn]);
  if (session)
    return (
      <Shell
        {...session}
        onSignOut={() => {
          clearToken();
          setSession(null);
        }}
      />
    );
  if (checking) return <p class="muted">Signing in…</p>;
  return (
    <TokenForm
      error={error}
      onToken={(t) => {
        setToken(t);
        void signIn();
      }}
    />
  );
}

adoptTokenFromFragment();
document.addEventListener('click', interceptLinks);
render(<App />, document.getElementById('app')!);
