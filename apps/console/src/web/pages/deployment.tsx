import { useContext, useEffect, useState } from 'react';
import { WhoContext } from '../app';
import { apiGet, apiPost, followEvents } from '../lib/api';
import { type DeploymentGraph } from '../lib/model';
import { may } from '../lib/roles';
import { tone, useData } from '../lib/use-data';
import { DagView } from './dag-view';
import { NodePanel } from './node-panel';

type Operation = 'suspend' | 'resume' | 'retry' | 'terminate';

/** Which operations make sense in which deployment state (the API answers 409 to the others). */
const applies: Record<Operation, readonly string[]> = {
  suspend: ['CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP'],
  resume: ['SUSPENDED'],
  retry: ['FAILURE', 'WAIT_FOR_OP'],
  terminate: ['CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUSPENDED'],
};

/** A deployment as its live DAG: refetched on every state or node event the console's server pushes. */
export function DeploymentPage({ id }: { id: string }) {
  const who = useContext(WhoContext);
  const graph = useData(() => apiGet<DeploymentGraph>('deploy', `/v1/deployments/${encodeURIComponent(id)}/graph`), [id]);
  const [selected, setSelected] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [events, setEvents] = useState(0);
  const { reload } = graph;
  useEffect(
    () =>
      followEvents(`?deploymentId=${encodeURIComponent(id)}`, () => {
        setEvents((n) => n + 1);
        reload();
      }),
    [id, reload],
  );
  if (graph.error && !graph.data) return <p role="alert">{graph.error}</p>;
  if (!graph.data) return <p>Loading…</p>;
  const view = graph.data;
  const operate = (operation: Operation) =>
    apiPost('deploy', `/v1/deployments/${encodeURIComponent(id)}/${operation}`).then(
      () => setProblem(undefined),
      (error: Error) => setProblem(`${operation}: ${error.message}`),
    );
  const usable = (Object.keys(applies) as Operation[]).filter(
    (op) => applies[op].includes(view.state) && may(who.policy, who.roles, 'deployments', op),
  );
  return (
    <section className="deployment">
      <h1>
        <a href="#/">{view.appId}</a> / {view.deploymentId}
      </h1>
      <p>
        <span className={`badge big ${tone(view.state)}`} data-testid="deployment-state">
          {view.state}
        </span>{' '}
        {view.reason && <span className="reason">{view.reason}</span>}
        <span className="muted" data-testid="live-events">
          {' '}
          · {events} live updates
        </span>
      </p>
      <div className="operations">
        {usable.map((op) => (
          <button key={op} onClick={() => void operate(op)} className={op === 'terminate' ? 'danger' : ''}>
            {op[0]?.toUpperCase()}
            {op.slice(1)}
          </button>
        ))}
      </div>
      {problem && <p role="alert">{problem}</p>}
      {view.workflow && (
        <ol className="steps" aria-label="workflow steps">
          {view.workflow.steps.map((step) => (
            <li key={step.name} className={tone(step.state)}>
              {step.name}: {step.state}
            </li>
          ))}
        </ol>
      )}
      <div className="graph-and-panel">
        <div className="graph">
          <DagView graph={view} selected={selected} onSelect={setSelected} />
          <p className="legend">
            Critical path ({view.criticalPath.length} ms): {view.criticalPath.nodes.join(' → ') || '—'}
          </p>
        </div>
        {selected && <NodePanel graph={view} id={selected} onClose={() => setSelected(undefined)} />}
      </div>
      <h2>Timeline</h2>
      <ol className="history" aria-label="deployment timeline">
        {view.history
          .filter((h) => !h.subject.startsWith('node:'))
          .map((h, i) => (
            <li key={i}>
              {new Date(h.at).toLocaleTimeString()} {h.subject} {h.from} → <strong>{h.to}</strong>
              {h.reason ? ` — ${h.reason}` : ''}
            </li>
          ))}
      </ol>
    </section>
  );
}
