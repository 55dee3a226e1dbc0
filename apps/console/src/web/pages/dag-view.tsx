import { Graph, layout, type Point } from '@dagrejs/dagre';
import { type DeploymentGraph, type GraphNode } from '../lib/model';
import { tone } from '../lib/use-data';

const NODE_WIDTH = 210;
const NODE_HEIGHT = 46;

/** The deployment's DAG laid out by dagre, left to right: state by colour and word, the critical path drawn bold. */
export function DagView({ graph, selected, onSelect }: { graph: DeploymentGraph; selected?: string; onSelect: (id: string) => void }) {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 60, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  // a node that ran in several deploy steps shows once: its latest record
  const nodes = new Map<string, GraphNode>();
  for (const node of graph.nodes) nodes.set(node.id, node);
  for (const id of nodes.keys()) g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges = graph.edges.filter((e) => nodes.has(e.from) && nodes.has(e.to));
  for (const edge of edges) g.setEdge(edge.from, edge.to);
  layout(g);
  const critical = new Set(graph.criticalPath.nodes);
  const onPath = (from: string, to: string) => {
    const i = graph.criticalPath.nodes.indexOf(from);
    return i >= 0 && graph.criticalPath.nodes[i + 1] === to;
  };
  const size = g.graph();
  const width = Number.isFinite(size.width) ? size.width : 400;
  const height = Number.isFinite(size.height) ? size.height : 80;
  return (
    <svg className="dag" width={width} height={height} role="img" aria-label={`DAG of ${graph.deploymentId}`}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill="#667" />
        </marker>
      </defs>
      {edges.map((edge) => {
        const points: Point[] = g.edge(edge.from, edge.to)?.points ?? [];
        const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
        const mid = points[Math.floor(points.length / 2)];
        return (
          <g key={`${edge.from}->${edge.to}`} className={onPath(edge.from, edge.to) ? 'edge critical' : 'edge'}>
            <path d={d} markerEnd="url(#arrow)" />
            {mid && (edge.data ?? edge.reason !== 'dependency') && (
              <text x={mid.x} y={mid.y - 4}>
                {edge.data ?? edge.reason}
              </text>
            )}
          </g>
        );
      })}
      {[...nodes.values()].map((node) => {
        const box = g.node(node.id);
        if (!box) return null;
        const classes = ['node', tone(node.state), critical.has(node.id) ? 'critical' : '', selected === node.id ? 'selected' : ''];
        return (
          <g
            key={node.id}
            className={classes.join(' ')}
            data-node={node.id}
            data-state={node.state}
            transform={`translate(${box.x - NODE_WIDTH / 2},${box.y - NODE_HEIGHT / 2})`}
            onClick={() => onSelect(node.id)}
          >
            <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} />
            <text x={8} y={18} className="title">
              {node.id.length > 30 ? `${node.id.slice(0, 29)}…` : node.id}
            </text>
            <text x={8} y={36} className="state">
              {node.state} · {node.kind}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
