export { PluginCatalog, type CatalogEntry, type CatalogChange } from './plugin-catalog.js';
export {
  RegistryDefinitionSource,
  DefinitionNotFoundError,
  RegistryUnavailableError,
  type DefinitionSource,
  type ResolvedDefinitionDto,
} from './definition.source.js';
export { LocalBundleDefinitionSource } from './local-bundle.definition-source.js';
export { registryFetch, type RegistryCredentials } from './registry-fetch.js';
