import { type DeploymentGraph } from '../lib/model';
import { tone } from '../lib/use-data';

/** One node of the DAG: its state and reason, what it applied, its outputs and its transitions. */
export function NodePanel({ graph, id, onClose }: { graph: DeploymentGraph; id: string; onClose: () => void }) {
  const records = graph.nodes.filter((n) => n.id === id);
  const node = records.at(-1);
  if (!node) return null;
  // history subjects of a node are `node:<id>@<step>`
  const transitions = graph.history.filter((h) => h.subject.startsWith(`node:${id}@`));
  const duration = node.startedAt && node.finishedAt ? `${Date.parse(node.finishedAt) - Date.parse(node.startedAt)} ms` : '—';
  return (
    <aside className="panel" aria-label={`node ${id}`}>
      <button className="close" onClick={onClose} aria-label="close">
        ×
      </button>
      <h2>{id}</h2>
      <p>
        <span className={`badge ${tone(node.state)}`}>{node.state}</span> {node.kind} · {node.type}
      </p>
      {node.reason && <p className="reason">{node.reason}</p>}
      <dl>
        <dt>Deploy steps</dt>
        <dd>{records.map((r) => r.step ?? '(not reached)').join(', ')}</dd>
        <dt>Manifests</dt>
        <dd>
          version {node.version ?? '—'}; applied {node.appliedVersion ?? '—'}
          {node.version && node.version === node.appliedVersion ? ' (on the cluster)' : ''}
        </dd>
        <dt>Duration</dt>
        <dd>{duration}</dd>
      </dl>
      <h3>Outputs</h3>
      <pre>{Object.keys(node.outputs ?? {}).length ? JSON.stringify(node.outputs, null, 2) : '—'}</pre>
      <h3>History</h3>
      <ol className="history">
        {transitions.map((h, i) => (
          <li key={i}>
            {new Date(h.at).toLocaleTimeString()} [{h.subject.slice(h.subject.lastIndexOf('@') + 1)}] {h.from} → <strong>{h.to}</strong>
            {h.reason ? ` — ${h.reason}` : ''}
          </li>
        ))}
        {transitions.length === 0 && <li className="muted">no transitions recorded</li>}
      </ol>
    </aside>
  );
}
