import type { CapabilityRequest, InvocationContext, PluginDefinition } from '@appmanager/plugin-sdk';
import { loadPlugin, type LoadedPlugin } from '../runtime/loaded-plugin.js';

/** Builders for tests and benchmarks: a context, a Component definition, a loaded plug-in. */
export function aContext(overrides: Partial<InvocationContext> = {}): InvocationContext {
  return {
    correlationId: 'corr-1',
    now: '2026-01-01T00:00:00.000Z',
    appId: 'shop',
    target: { cluster: 'prod-eu-1', namespace: 'shop-prod' },
    ...overrides,
  };
}

export function aComponentDefinition(capabilities: CapabilityRequest = {}, overrides: Partial<PluginDefinition> = {}): PluginDefinition {
  return {
    kind: 'Component',
    type: 'test.component.appmanager.io/v1',
    propertiesSchema: { type: 'object' },
    capabilities,
    installRoles: ['admin'],
    ...overrides,
  };
}

export function aPlugin(name: string, source: string, definition: PluginDefinition = aComponentDefinition()): LoadedPlugin {
  return loadPlugin({ name, version: '1.0.0' }, definition, source);
}

/** A well-behaved render: the call each hostile case is followed by, to show the pool still works. */
export const WELL_BEHAVED_RENDER = `
exports.render = function (input) {
  return { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: input.component.name }, data: { replicas: String(input.properties.replicas || 1) } }] };
};`;

export const RENDER_INPUT = { component: { type: 'test.component.appmanager.io/v1', name: 'web' }, properties: { replicas: 2 } };
