import { useCallback, useEffect, useState } from 'react';

const BASE = '/dashboard/';

function currentPagePath(): string {
  const { pathname } = window.location;
  return pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/\/$/, '') : '';
}

/**
 * The page's path below /dashboard/ ('' for the overview) and a function to go elsewhere without
 * a reload; the back button works because every move is a history entry.
 */
export function usePagePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(currentPagePath);
  useEffect(() => {
    const update = () => setPath(currentPagePath());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  const navigate = useCallback((next: string) => {
    window.history.pushState(null, '', BASE + next);
    setPath(next);
    window.scrollTo(0, 0);
  }, []);
  return [path, navigate];
}
