import { type ApplicationProblem, ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type ApplicationModel, type ComponentSpec, type TraitRuntime } from '../../applications/domain/application.model.js';
import { findCycle } from './dag-analysis.js';

export type DagNodeKind = 'component' | 'trait' | 'addon';

export interface DagNode {
  /** `TYPE|NAME` for components and add-ons, `TYPE|NAME#traitType` for traits. */
  id: string;
  kind: DagNodeKind;
  componentId: string;
  /** The plug-in type: the component's or the trait's. */
  type: string;
  runtime?: TraitRuntime;
}

export type DagEdgeReason = 'data' | 'dependency' | 'pre-trait' | 'post-trait';

export interface DagEdge {
  from: string;
  to: string;
  reason: DagEdgeReason;
  /** For data edges: the data output name carried. */
  data?: string;
}

export interface DeploymentDag {
  nodes: DagNode[];
  edges: DagEdge[];
}

export const traitNodeId = (componentId: string, traitType: string) => `${componentId}#${traitType}`;

/**
 * Builds the component DAG: a node per component, trait and add-on reference; pre-traits chained before their
 * component, post-traits after it; an edge from each data producer to each consumer of that name, and from each
 * dependency's last node to the dependant's first. Unlike AppManager, an unproduced data input is an error.
 */
export function buildDeploymentDag(app: ApplicationModel): DeploymentDag {
  const nodes: DagNode[] = [];
  const edges: DagEdge[] = [];
  const chains = new Map<string, { first: string; last: string }>();
  for (const component of app.components) chains.set(component.id, addComponentNodes(component, nodes, edges));

  const problems: ApplicationProblem[] = [];
  const producers = collectProducers(app.components, problems);
  const addEdge = (edge: DagEdge) => {
    if (edge.from === edge.to) return;
    if (!edges.some((e) => e.from === edge.from && e.to === edge.to)) edges.push(edge);
  };
  app.components.forEach((component, i) => {
    const chain = chains.get(component.id) as { first: string; last: string };
    component.dataInputs.forEach((input, j) => {
      const producer = producers.get(input.from);
      if (!producer) problems.push(unproduced(input.from, `spec.components[${i}].dataInputs[${j}]`));
      else addEdge({ from: producer, to: chain.first, reason: 'data', data: input.from });
    });
    component.traits.forEach((trait, t) =>
      trait.dataInputs.forEach((input, j) => {
        const producer = producers.get(input.from);
        if (!producer) problems.push(unproduced(input.from, `spec.components[${i}].traits[${t}].dataInputs[${j}]`));
        else addEdge({ from: producer, to: traitNodeId(component.id, trait.type), reason: 'data', data: input.from });
      }),
    );
    for (const dependency of component.dependencies) {
      const dep = chains.get(dependency.component);
      if (dep) addEdge({ from: dep.last, to: chain.first, reason: 'dependency' });
    }
  });
  if (problems.length > 0) throw new ApplicationInvalidError(problems);

  const dag = { nodes, edges };
  const cycle = findCycle(dag);
  if (cycle) throw new ApplicationInvalidError([{ path: 'spec.components', problem: `dependency cycle: ${cycle.join(' → ')}` }]);
  return dag;
}

function addComponentNodes(component: ComponentSpec, nodes: DagNode[], edges: DagEdge[]): { first: string; last: string } {
  const self: DagNode = { id: component.id, kind: component.kind, componentId: component.id, type: component.type };
  const pre = component.traits.filter((t) => t.runtime === 'pre');
  const post = component.traits.filter((t) => t.runtime === 'post');
  const traitNode = (type: string, runtime: TraitRuntime): DagNode => ({
    id: traitNodeId(component.id, type),
    kind: 'trait',
    componentId: component.id,
    type,
    runtime,
  });
  const chain = [...pre.map((t) => traitNode(t.type, 'pre')), self, ...post.map((t) => traitNode(t.type, 'post'))];
  nodes.push(...chain);
  for (let k = 1; k < chain.length; k++) {
    const to = chain[k] as DagNode;
    const from = chain[k - 1] as DagNode;
    edges.push({ from: from.id, to: to.id, reason: to.runtime === 'post' ? 'post-trait' : 'pre-trait' });
  }
  return { first: (chain[0] as DagNode).id, last: (chain[chain.length - 1] as DagNode).id };
}

function collectProducers(components: ComponentSpec[], problems: ApplicationProblem[]): Map<string, string> {
  const producers = new Map<string, string>();
  const claim = (name: string, nodeId: string, path: string) => {
    const earlier = producers.get(name);
    if (earlier !== undefined && earlier !== nodeId) {
      problems.push({ path, problem: `data output "${name}" is already produced by "${earlier}"` });
    } else producers.set(name, nodeId);
  };
  components.forEach((c, i) => {
    c.dataOutputs.forEach((o, j) => claim(o.name, c.id, `spec.components[${i}].dataOutputs[${j}]`));
    c.traits.forEach((t, k) =>
      t.dataOutputs.forEach((o, j) => claim(o.name, traitNodeId(c.id, t.type), `spec.components[${i}].traits[${k}].dataOutputs[${j}]`)),
    );
  });
  return producers;
}

function unproduced(name: string, path: string): ApplicationProblem {
  return { path, problem: `no component, trait or add-on produces data output "${name}"` };
}
