import { useCallback, useEffect, useState } from 'react';

/** Loads `load()` on mount and on `reload()`; keeps the last good value while reloading. */
export function useData<T>(load: () => Promise<T>, deps: readonly unknown[]): { data?: T; error?: string; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [tick, setTick] = useState(0);
  const stable = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    stable().then(
      (data) => live && setState({ data }),
      (error: Error) => live && setState((old) => ({ ...old, error: error.message })),
    );
    return () => void (live = false);
  }, [stable, tick]);
  return { ...state, reload: useCallback(() => setTick((n) => n + 1), []) };
}

/** A status word → its colour class: good (green), busy (blue), bad (red), idle (grey). */
export function tone(status: string | undefined): string {
  switch (status) {
    case 'RUNNING':
    case 'SUCCESS':
    case 'ENABLED':
    case 'READY':
      return 'good';
    case 'PROCESSING':
    case 'CREATED':
    case 'PENDING':
    case 'UPDATING':
    case 'WAIT_FOR_OP':
      return 'busy';
    case 'SUSPENDED':
    case 'WARNING':
    case 'DRIFTED':
      return 'warn';
    case 'ERROR':
    case 'FAILED':
    case 'FAILURE':
    case 'TERMINATED':
    case 'EXPIRED':
      return 'bad';
    default:
      return 'idle';
  }
}
