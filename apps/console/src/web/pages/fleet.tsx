import { useEffect } from 'react';
import { apiGet, followEvents } from '../lib/api';
import { healthOf, healthTone } from '../lib/health';
import { type AppInstance, type ApplicationSummary, type Cluster, type Page } from '../lib/model';
import { useData } from '../lib/use-data';

interface Group {
  unit: string;
  stage: string;
  instances: AppInstance[];
  unhealthy: number;
}

/** App instances by unit and stage, the groups with unhealthy instances first, and those instances first in each. */
export function FleetPage() {
  const data = useData(async () => {
    const [instances, clusters, apps] = await Promise.all([
      apiGet<Page<AppInstance>>('sensor', '/v1/app-instances?limit=500'),
      apiGet<Cluster[] | Page<Cluster>>('deploy', '/v1/clusters'),
      apiGet<ApplicationSummary[]>('deploy', '/v1/applications'),
    ]);
    return { instances: instances.items, clusters: Array.isArray(clusters) ? clusters : clusters.items, apps };
  }, []);
  const { reload } = data;
  useEffect(() => followEvents('', (kind) => kind === 'app-instance' && reload()), [reload]);
  if (data.error) return <p role="alert">{data.error}</p>;
  if (!data.data) return <p>Loading…</p>;
  const unitOf = new Map(data.data.clusters.map((c) => [c.id, c.unitId]));
  const latest = new Map(data.data.apps.map((a) => [a.appId, a.latest.state]));
  const health = (i: AppInstance) => healthOf(i, latest.get(i.appId));
  const groups = new Map<string, Group>();
  for (const instance of data.data.instances) {
    const unit = unitOf.get(instance.cluster) ?? '(unknown unit)';
    const stage = instance.stage ?? '(no stage)';
    const group = groups.get(`${unit}/${stage}`) ?? { unit, stage, instances: [], unhealthy: 0 };
    group.instances.push(instance);
    if (health(instance) === 'unhealthy') group.unhealthy++;
    groups.set(`${unit}/${stage}`, group);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.unhealthy - a.unhealthy || `${a.unit}/${a.stage}`.localeCompare(`${b.unit}/${b.stage}`),
  );
  const rank = (i: AppInstance) => ['unhealthy', 'progressing', 'healthy'].indexOf(health(i));
  return (
    <section>
      <h1>Fleet health</h1>
      {sorted.length === 0 && <p>No app instance sensed yet.</p>}
      {sorted.map((group) => (
        <div key={`${group.unit}/${group.stage}`} className="group" data-group={`${group.unit}/${group.stage}`}>
          <h2>
            unit {group.unit} · stage {group.stage}{' '}
            <span className={`badge ${group.unhealthy ? 'bad' : 'good'}`}>
              {group.unhealthy ? `${group.unhealthy} unhealthy` : 'all healthy'}
            </span>{' '}
            <span className="muted">{group.instances.length} instances</span>
          </h2>
          <ul>
            {[...group.instances]
              .sort((a, b) => rank(a) - rank(b))
              .map((i) => (
                <li key={`${i.appId}/${i.cluster}/${i.namespace}`}>
                  <span className={`badge ${healthTone[health(i)]}`} data-health={health(i)}>
                    {i.status}
                  </span>{' '}
                  {i.appId} on {i.cluster}/{i.namespace}{' '}
                  <span className="muted">
                    {Object.entries(i.components)
                      .filter(([, s]) => s !== 'RUNNING')
                      .map(([c, s]) => `${c}: ${s}`)
                      .join(', ')}
                  </span>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
