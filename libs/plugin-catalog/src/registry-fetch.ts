/**
 * `fetch` that presents `token` to the plug-in registry (a `service` API token; every registry route is
 * authenticated). Without a token it is plain fetch, and the registry answers 401 naming what is missing.
 */
export function registryFetch(token: string | undefined): typeof fetch {
  if (!token) return fetch;
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}
