export { PluginCatalog, type CatalogEntry, type CatalogChange } from './plugin-catalog.js';
export { RegistryDefinitionSource, DefinitionNotFoundError, type DefinitionSource, type ResolvedDefinitionDto } from './definition.source.js';
