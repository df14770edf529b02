import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import type { Me, Page, PlatformInfo } from './types.js';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null = nothing to load yet) and again whenever it changes or `reload` is called. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export interface Paged<T> extends Loaded<T[]> {
  items: T[];
  total: number | undefined;
  hasMore: boolean;
  loadMore: () => void;
}

/** A keyset-paged listing: the first page of `path`, then "Load more" appends the next page by its cursor. */
export function usePaged<T>(path: string): Paged<T> {
  const [pages, setPages] = useState<{ items: T[]; next: string | null; total?: number }>({ items: [], next: null });
  const [state, setState] = useState<{ loading: boolean; error: Error | null }>({ loading: true, error: null });
  const [generation, setGeneration] = useState(0);
  const fetchPage = useCallback(
    async (cursor: string | null, append: boolean) => {
      setState({ loading: true, error: null });
      try {
        const sep = path.includes('?') ? '&' : '?';
        const page = await api<Page<T>>(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
        setPages((p) => ({
          items: append ? [...p.items, ...page.items] : page.items,
          next: page.nextCursor,
          total: page.total ?? p.total,
        }));
        setState({ loading: false, error: null });
      } catch (error) {
        setState({ loading: false, error: error as Error });
      }
    },
    [path],
  );
  useEffect(() => {
    setPages({ items: [], next: null });
    void fetchPage(null, false);
  }, [fetchPage, generation]);
  return {
    items: pages.items,
    data: pages.items,
    total: pages.total,
    hasMore: pages.next !== null,
    loadMore: () => void fetchPage(pages.next, true),
    reload: () => setGeneration((g) => g + 1),
    ...state,
  };
}

export interface Session {
  me: Me;
  platforms: PlatformInfo[];
  toast: (message: string, kind?: 'ok' | 'error') => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}

/** Triage and ownership writes need analyst or admin; the reason is shown beside disabled controls. */
export function writeBlock(role: string): string | null {
  return role === 'analyst' || role === 'admin' ? null : `Your token's role (${role}) can read but not change data.`;
}

/** A value kept in localStorage (user preferences such as columns and theme). */
export function useStored<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial;
    }
  });
  const store = useCallback(
    (next: T) => {
      setValue(next);
      localStorage.setItem(key, JSON.stringify(next));
    },
    [key],
  );
  return [value, store];
}
