import { DEFINITION_KINDS } from '@appmanager/plugin-sdk';

/** Structure of a plug-in manifest (the SDK's `PluginManifest`); semantic checks live in parse-manifest.ts. */
export const MANIFEST_SCHEMA = {
  type: 'object',
  required: ['name', 'version', 'description', 'definitions'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$' },
    version: { type: 'string', maxLength: 64 },
    description: { type: 'string', maxLength: 2000 },
    definitions: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['kind', 'type', 'propertiesSchema', 'capabilities', 'installRoles'],
        additionalProperties: false,
        properties: {
          kind: { enum: [...DEFINITION_KINDS] },
          type: { type: 'string', pattern: '^[A-Za-z0-9][-A-Za-z0-9_.]*(/[A-Za-z0-9][-A-Za-z0-9_.]*)?$', maxLength: 253 },
          description: { type: 'string', maxLength: 2000 },
          propertiesSchema: { type: 'object' },
          outputsSchema: { type: 'object' },
          capabilities: {
            type: 'object',
            additionalProperties: false,
            properties: {
              kube: { type: 'boolean' },
              outputs: { type: 'boolean' },
              log: { type: 'boolean' },
              http: {
                type: 'object',
                required: ['allow'],
                additionalProperties: false,
                properties: { allow: { type: 'array', maxItems: 50, items: { type: 'string', pattern: '^https?://' } } },
              },
            },
          },
          installRoles: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        },
      },
    },
  },
} as const;
