/** settings (a ConfigMap) ← web (a Deployment) with the operator trait that rolls it when settings change. */
export function shopApplication(cluster: string): Record<string, unknown> {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: {
      target: { cluster, namespace: 'shop', stage: 'prod' },
      components: [
        {
          name: 'settings',
          type: 'k8s-objects',
          properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings' }, data: { mode: 'demo' } }] },
        },
        {
          name: 'web',
          type: 'microservice',
          properties: { image: 'shop/web:1.0' },
          dependsOn: ['settings'],
          traits: [{ type: 'reload-on-config-change', properties: { configMaps: ['shop-settings'] } }],
        },
      ],
    },
  };
}
