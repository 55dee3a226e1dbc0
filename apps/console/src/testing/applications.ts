/** The demo application of `npm run up`: a ConfigMap, and a Deployment its operator trait rolls when the ConfigMap changes. */
export function demoApplication(): Record<string, unknown> {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [
        {
          name: 'settings',
          type: 'k8s-objects',
          properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings' }, data: { mode: 'demo' } }] },
        },
        {
          name: 'web',
          type: 'microservice',
          properties: { image: 'nginx:1.27' },
          dependsOn: ['settings'],
          traits: [{ type: 'reload-on-config-change', properties: { configMaps: ['shop-settings'] } }],
        },
      ],
    },
  };
}

/** One service deployed by two workflow steps, `first` then `second`: an operator's suspend holds `second`. */
export function gatedApplication(name: string): Record<string, unknown> {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [{ name: 'api', type: 'microservice', properties: { image: `shop/${name}:1.0` } }],
      workflow: {
        steps: [
          { type: 'deploy', name: 'first' },
          { type: 'deploy', name: 'second' },
        ],
      },
    },
  };
}
