import { appliedFieldsOf, hashOfFields } from '@appmanager/contracts';
import type { KubeObject } from '@appmanager/plugin-sdk';
import { type ComponentSpec } from '../../applications/domain/application.model.js';
import { type ComponentRenderer, pluginComponentName, type RenderScope } from '../../rendering/application/component.renderer.js';
import { pluginTypeOf } from '../../rendering/application/component-types.js';
import { type NodeAnnouncement, type Placement } from './run.records.js';

type Applied = Extract<NodeAnnouncement, { kind: 'applied' }>;
type Sensing = Pick<Applied, 'status' | 'traits'>;

export const placementOf = ({ unit, cluster, namespace, stage }: RenderScope['target']): Placement => ({
  cluster,
  namespace,
  ...(unit ? { unit } : {}),
  ...(stage ? { stage } : {}),
});

/** The inventory entry of what a node applied: each object with its applied fields' hashes (never their values). */
export function applied(
  target: RenderScope['target'],
  component: ComponentSpec,
  version: string,
  objects: KubeObject[],
  sensing?: Sensing,
): NodeAnnouncement {
  return {
    kind: 'applied',
    component: component.id,
    componentType: component.type,
    placement: placementOf(target),
    version,
    objects: objects.map((o) => {
      const fields = appliedFieldsOf(o as unknown as Record<string, unknown>);
      return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, specHash: hashOfFields(fields), fields };
    }),
    ...sensing,
  };
}

/** What the sensor needs to ask a component's plug-in for status, and to run its traits' `watch`. */
export function sensingOf(renderer: ComponentRenderer, scope: RenderScope, component: ComponentSpec): Sensing {
  return {
    status: {
      pluginType: pluginTypeOf(component.type),
      name: pluginComponentName(scope, component),
      properties: renderer.properties(scope, component),
    },
    traits: component.traits.map((trait) => ({
      type: trait.type,
      name: `${component.name}-${trait.type}`,
      properties: renderer.traitProperties(scope, component, trait),
    })),
  };
}
