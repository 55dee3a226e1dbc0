import { useEffect } from 'react';
import { apiGet, followEvents } from '../lib/api';
import { type AppInstance, type ApplicationSummary, type Page } from '../lib/model';
import { healthOf, healthTone } from '../lib/health';
import { tone, useData } from '../lib/use-data';

const brokenComponents = (instance: AppInstance) =>
  Object.entries(instance.components)
    .filter(([, status]) => status !== 'RUNNING')
    .map(([component, status]) => `${component} ${status}`)
    .join(', ');

/** Every application with its latest deployment, and its instances per stage as the sensor sees them; live. */
export function ApplicationsPage() {
  const apps = useData(() => apiGet<ApplicationSummary[]>('deploy', '/v1/applications'), []);
  const instances = useData(() => apiGet<Page<AppInstance>>('sensor', '/v1/app-instances?limit=500'), []);
  const { reload: reloadApps } = apps;
  const { reload: reloadInstances } = instances;
  useEffect(() => followEvents('', (kind) => (kind === 'app-instance' ? reloadInstances() : reloadApps())), [reloadApps, reloadInstances]);
  if (apps.error) return <p role="alert">{apps.error}</p>;
  if (!apps.data) return <p>Loading…</p>;
  const byApp = new Map<string, AppInstance[]>();
  for (const instance of instances.data?.items ?? []) byApp.set(instance.appId, [...(byApp.get(instance.appId) ?? []), instance]);
  return (
    <section>
      <h1>Applications</h1>
      {instances.error && <p role="alert">app instances: {instances.error}</p>}
      <table>
        <thead>
          <tr>
            <th>Application</th>
            <th>Latest deployment</th>
            <th>Instances (stage · cluster/namespace)</th>
          </tr>
        </thead>
        <tbody>
          {apps.data.map((app) => (
            <tr key={app.appId} data-app={app.appId}>
              <td>
                <strong>{app.appId}</strong>
                <div className="muted">{app.deployments} deployments</div>
              </td>
              <td>
                <a href={`#/deployments/${encodeURIComponent(app.latest.id)}`}>
                  <span className={`badge ${tone(app.latest.state)}`}>{app.latest.state}</span> {app.latest.id}
                </a>
                <div className="muted">{new Date(app.latest.createdAt).toLocaleString()}</div>
              </td>
              <td>
                {(byApp.get(app.appId) ?? []).map((instance) => {
                  const health = healthOf(instance, app.latest.state);
                  return (
                    <div
                      key={`${instance.stage}/${instance.cluster}/${instance.namespace}`}
                      className="instance"
                      data-instance={instance.cluster}
                    >
                      <span className={`badge ${healthTone[health]}`} data-status={instance.status} data-health={health} title={health}>
                        {instance.status}
                      </span>{' '}
                      {instance.stage ?? '(no stage)'} · {instance.cluster}/{instance.namespace}
                      {health === 'unhealthy' && <span className="muted"> · unhealthy: {brokenComponents(instance)}</span>}
                    </div>
                  );
                })}
                {!byApp.get(app.appId) && <span className="muted">not sensed yet</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {apps.data.length === 0 && <p>No application was deployed yet.</p>}
    </section>
  );
}
