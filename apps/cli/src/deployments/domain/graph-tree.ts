import { flattenSteps, type DeploymentGraph, type DeploymentPlan } from './deployment-graph.js';

/** Colours a state for a terminal; the identity where colour is not wanted. */
export type Paint = (state: string) => string;
const plain: Paint = (s) => s;

/** Draws rows of (depth, text) as a tree with box-drawing branches. */
export function drawTree(rows: { depth: number; text: string }[]): string[] {
  return rows.map((row, i) => {
    if (row.depth === 0) return row.text;
    let prefix = '';
    for (let d = 1; d <= row.depth; d++) {
      const last = isLastAt(rows, i, d);
      prefix += d === row.depth ? (last ? '└─ ' : '├─ ') : last ? '   ' : '│  ';
    }
    return prefix + row.text;
  });
}

/** Whether the ancestor of row `i` at depth `d` (or the row itself) has no later sibling. */
function isLastAt(rows: { depth: number }[], i: number, d: number): boolean {
  for (let j = i + 1; j < rows.length; j++) {
    if (rows[j]!.depth < d) return true;
    if (rows[j]!.depth === d) return false;
  }
  return true;
}

/** A running or finished deployment: its state, its workflow steps, and its DAG by level with each node's state. */
export function graphTree(graph: DeploymentGraph, paint: Paint = plain): string[] {
  const rows = [{ depth: 0, text: `${graph.appId}  deployment ${graph.deploymentId}  ${paint(graph.state)}${reason(graph.reason)}` }];
  const steps = flattenSteps(graph.workflow?.steps ?? []);
  if (steps.length > 0) {
    rows.push({ depth: 1, text: 'workflow' });
    for (const step of steps) rows.push({ depth: 2 + step.depth, text: `${step.name}  ${paint(step.state)}${reason(step.reason)}` });
  }
  const critical = new Set(graph.criticalPath.nodes);
  rows.push({ depth: 1, text: `DAG: ${graph.levels.length} levels, critical path ${graph.criticalPath.nodes.join(' → ') || '-'}` });
  graph.levels.forEach((level, index) => {
    rows.push({ depth: 2, text: `level ${index}` });
    for (const id of level) {
      const runs = graph.nodes.filter((n) => n.id === id);
      for (const node of runs.length > 0 ? runs : [{ id, step: null, state: 'CREATED', reason: null }]) {
        const where = node.step && runs.length > 1 ? ` [${node.step}]` : '';
        rows.push({ depth: 3, text: `${critical.has(id) ? '*' : ' '}${id}${where}  ${paint(node.state)}${reason(node.reason)}` });
      }
    }
  });
  return drawTree(rows);
}

/** What a plan answers, as a tree: the DAG by level (with what each node needs), the critical path, the workflow. */
export function planTree(plan: DeploymentPlan): string[] {
  const target = ['unit', 'cluster', 'namespace', 'stage']
    .map((k) => plan.target[k] && `${k} ${plan.target[k]}`)
    .filter(Boolean)
    .join(', ');
  const critical = new Set(plan.criticalPath.nodes);
  const rows = [{ depth: 0, text: `${plan.appId} → ${target || 'the default target'}` }];
  rows.push({ depth: 1, text: `DAG: ${plan.nodes.length} nodes in ${plan.levels.length} levels` });
  plan.levels.forEach((level, index) => {
    rows.push({ depth: 2, text: `level ${index}` });
    for (const id of level) {
      const node = plan.nodes.find((n) => n.id === id);
      const needs = plan.edges.filter((e) => e.to === id).map((e) => `${e.from} (${e.reason})`);
      const about = [node?.kind, node?.provider, node ? `${node.manifests.length} objects` : undefined].filter(Boolean).join(', ');
      rows.push({ depth: 3, text: `${critical.has(id) ? '*' : ' '}${id}  ${about}` });
      if (needs.length > 0) rows.push({ depth: 4, text: `needs ${needs.join(', ')}` });
    }
  });
  rows.push({ depth: 1, text: `critical path (*): ${plan.criticalPath.nodes.join(' → ') || '-'} (length ${plan.criticalPath.length})` });
  const steps = plan.workflow.steps.map((s) => `${s.name} (${s.type})`);
  rows.push({ depth: 1, text: `workflow ${plan.workflow.mode}: ${steps.join(' → ') || '(deploy everything)'}` });
  return drawTree(rows);
}

const reason = (text: string | null | undefined): string => (text ? `  ${text}` : '');
