import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<Value> {
  data: Value | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `load()` when the dependencies change and on `reload()`. An answer that arrives after a
 * newer request started is dropped, so a slow response never overwrites a newer one.
 */
export function useResource<Value>(load: () => Promise<Value>, dependencies: DependencyList): Resource<Value> {
  const [data, setData] = useState<Value | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's dependencies decide when to reload.
  const loader = useCallback(load, dependencies);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is how reload() asks for a fresh load.
  useEffect(() => {
    const request = ++latest.current;
    setLoading(true);
    loader().then(
      (value) => {
        if (request !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (request !== latest.current) return;
        setError(reason instanceof Error ? reason : new Error(String(reason)));
        setLoading(false);
      },
    );
  }, [loader, generation]);

  return { data, error, loading, reload: useCallback(() => setGeneration((value) => value + 1), []) };
}
