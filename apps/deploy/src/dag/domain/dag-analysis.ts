/** Graph algorithms over any `{ nodes: {id}[], edges: {from, to}[] }`: cycles, parallel levels, critical path. */
export interface Graph {
  nodes: readonly { id: string }[];
  edges: readonly { from: string; to: string }[];
}

function adjacency(graph: Graph): Map<string, string[]> {
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) out.get(e.from)?.push(e.to);
  return out;
}

/** A cycle as the node ids along it, first repeated at the end (`a → b → a`), or null when acyclic. */
export function findCycle(graph: Graph): string[] | null {
  const out = adjacency(graph);
  const colour = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    colour.set(id, 'grey');
    stack.push(id);
    for (const next of out.get(id) ?? []) {
      if (colour.get(next) === 'grey') return [...stack.slice(stack.indexOf(next)), next];
      if (!colour.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    colour.set(id, 'black');
    return null;
  };
  for (const node of graph.nodes) {
    if (!colour.has(node.id)) {
      const found = visit(node.id);
      if (found) return found;
    }
  }
  return null;
}

/** Kahn's order; assumes an acyclic graph (check with findCycle first). Ties keep declaration order. */
export function topologicalOrder(graph: Graph): string[] {
  const out = adjacency(graph);
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  for (const e of graph.edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const queue = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const next of out.get(id) ?? []) {
      const d = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  return order;
}

/** Parallel levels: level k holds the nodes whose longest chain of predecessors has length k. */
export function parallelLevels(graph: Graph): string[][] {
  const level = new Map<string, number>();
  const preds = predecessors(graph);
  for (const id of topologicalOrder(graph)) {
    level.set(id, Math.max(-1, ...(preds.get(id) ?? []).map((p) => level.get(p) ?? 0)) + 1);
  }
  const levels: string[][] = [];
  for (const node of graph.nodes) (levels[level.get(node.id) ?? 0] ??= []).push(node.id);
  return levels;
}

export interface CriticalPath {
  nodes: string[];
  /** Sum of the weights along it: the makespan with unbounded parallelism. */
  length: number;
}

/** The heaviest path through the graph; weight defaults to 1 per node (or e.g. measured durations). */
export function criticalPath(graph: Graph, weight: (id: string) => number = () => 1): CriticalPath {
  const preds = predecessors(graph);
  const best = new Map<string, { length: number; via: string | null }>();
  for (const id of topologicalOrder(graph)) {
    let via: string | null = null;
    let length = 0;
    for (const p of preds.get(id) ?? []) {
      const candidate = best.get(p)?.length ?? 0;
      if (candidate > length) [length, via] = [candidate, p];
    }
    best.set(id, { length: length + weight(id), via });
  }
  let end: string | null = null;
  let longest = 0;
  for (const [id, b] of best) if (end === null || b.length > longest) [end, longest] = [id, b.length];
  const nodes: string[] = [];
  for (let id = end; id !== null; id = best.get(id)?.via ?? null) nodes.unshift(id);
  return { nodes, length: longest };
}

export function predecessors(graph: Graph): Map<string, string[]> {
  const preds = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) preds.get(e.to)?.push(e.from);
  return preds;
}
