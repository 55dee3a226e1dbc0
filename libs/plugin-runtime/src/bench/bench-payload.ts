/** The benchmark's plug-in: a render that turns ~2 KB of properties into a ~2.5 KB Deployment. */
export const RENDER_SOURCE = `
exports.render = function (input) {
  const p = input.properties;
  const env = Object.keys(p.env).sort().map((name) => ({ name, value: String(p.env[name]) }));
  const labels = Object.assign({ 'app.kubernetes.io/name': input.component.name, 'app.kubernetes.io/part-of': input.context.appId }, p.labels);
  return {
    resources: [{
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: input.component.name, labels, annotations: { 'appmanager.io/rendered-at': input.context.now } },
      spec: {
        replicas: p.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': input.component.name } },
        template: {
          metadata: { labels },
          spec: {
            containers: p.containers.map((c) => ({
              name: c.name, image: c.image, args: c.args, env: c.name === 'app' ? env : [],
              ports: c.ports.map((port) => ({ containerPort: port, protocol: 'TCP' })),
              resources: { requests: { cpu: c.cpu, memory: c.memory }, limits: { cpu: c.cpu, memory: c.memory } },
            })),
          },
        },
      },
    }],
  };
};`;

export function benchInput(): Record<string, unknown> {
  const env: Record<string, string> = {};
  for (let i = 0; i < 30; i++) env[`SETTING_${i}`] = `value-${i}-${'x'.repeat(12)}`;
  const labels: Record<string, string> = {};
  for (let i = 0; i < 8; i++) labels[`team.example.com/label-${i}`] = `v${i}`;
  return {
    component: { type: 'microservice.component.appmanager.io/v1', name: 'checkout' },
    properties: {
      replicas: 3,
      env,
      labels,
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/shop/checkout:1.4.2',
          args: ['--port=8080', '--log=json'],
          ports: [8080, 9090],
          cpu: '500m',
          memory: '512Mi',
        },
        {
          name: 'sidecar',
          image: 'registry.example.com/infra/proxy:2.0.0',
          args: ['--upstream=127.0.0.1:8080'],
          ports: [15000],
          cpu: '100m',
          memory: '64Mi',
        },
      ],
    },
  };
}
