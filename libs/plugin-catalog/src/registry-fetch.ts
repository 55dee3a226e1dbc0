/** What a service presents to the registry: its `service` API token, else (a first start) its bootstrap token. */
export interface RegistryCredentials {
  PLUGIN_REGISTRY_TOKEN?: string | undefined;
  AUTH_BOOTSTRAP_TOKEN?: string | undefined;
}

/**
 * `fetch` that presents the service's token to the plug-in registry (a `service` API token; every registry route is
 * authenticated). Without a token it is plain fetch, and the registry answers 401 naming what is missing.
 */
export function registryFetch(credentials: RegistryCredentials): typeof fetch {
  const token = credentials.PLUGIN_REGISTRY_TOKEN ?? credentials.AUTH_BOOTSTRAP_TOKEN;
  if (!token) return fetch;
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}
