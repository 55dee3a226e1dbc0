import { type ApplicationModel, type ComponentSpec, type JsonValue, type TraitSpec } from '../../applications/domain/application.model.js';
import { traitNodeId } from './deployment-dag.js';

/*
 * The rules a node follows that a plan and a deployment must agree on, written once: a plan renders what the
 * deployment will apply only if both hand the same workload along a component's pre-trait chain and stand in for
 * the same data.
 */

/**
 * Before anything ran, every data output a component or trait produces stands in as `<data:NAME>`, so templates
 * and property schemas can be checked (and a plan rendered) without a cluster.
 */
export function dataPlaceholders(app: ApplicationModel): Record<string, JsonValue> {
  const outputs = app.components.flatMap((c) => [...c.dataOutputs, ...c.traits.flatMap((t) => t.dataOutputs)]);
  return Object.fromEntries(outputs.map((o) => [o.name, `<data:${o.name}>`]));
}

/**
 * Which node's patched workload a pre-trait (or, with no trait, the component itself) starts from: the pre-trait
 * before it in the chain; null when it starts from the freshly rendered workload (the chain's head, or no pre-traits).
 */
export function handedWorkloadFrom(component: ComponentSpec, trait?: TraitSpec): string | null {
  const pres = component.traits.filter((t) => t.runtime === 'pre');
  const previous = trait ? pres[pres.indexOf(trait) - 1] : pres[pres.length - 1];
  return previous ? traitNodeId(component.id, previous.type) : null;
}
