import type { PackagedDefinition } from '@appmanager/plugin-package';
import type { DefinitionKind } from '@appmanager/plugin-sdk';

/** The registry's answer to `GET /v1/definitions/resolve`. */
export interface ResolvedDefinitionDto {
  name: string;
  version: string;
  checksum: string;
  definition: PackagedDefinition;
  script: string;
}

/** Port: where definitions are resolved. The HTTP one below in services; a hand-written one in unit tests. */
export interface DefinitionSource {
  resolve(kind: DefinitionKind, type: string, range: string): Promise<ResolvedDefinitionDto>;
}

/** No enabled plug-in defines this kind/type in the range (the registry answered 404). */
export class DefinitionNotFoundError extends Error {
  override readonly name = 'DefinitionNotFoundError';
}

/** The registry could not answer (unreachable, or a 5xx): nothing is known about the definition; ask again later. */
export class RegistryUnavailableError extends Error {
  override readonly name = 'RegistryUnavailableError';
}

/** The plugin-registry's HTTP API. */
export class RegistryDefinitionSource implements DefinitionSource {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async resolve(kind: DefinitionKind, type: string, range: string): Promise<ResolvedDefinitionDto> {
    const query = new URLSearchParams({ kind, type, version: range });
    const url = `${this.baseUrl.replace(/\/+$/, '')}/v1/definitions/resolve?${query}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      // e.g. the registry still starting: callers retry, and their message should say what was unreachable
      throw new RegistryUnavailableError(
        `cannot reach the plug-in registry at ${this.baseUrl} to resolve ${kind} "${type}": ${(error as Error).message}`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 404) throw new DefinitionNotFoundError(String(body['message'] ?? `no ${kind} "${type}" in ${range}`));
    if (response.status >= 500)
      throw new RegistryUnavailableError(
        `the plug-in registry answered ${response.status}: ${String(body['message'] ?? response.statusText)}`,
      );
    if (!response.ok)
      throw new Error(`the plug-in registry answered ${response.status}: ${String(body['message'] ?? response.statusText)}`);
    return body as unknown as ResolvedDefinitionDto;
  }
}
